package dev.loopback.api.catalog;

import dev.loopback.activities.catalog.Catalog;
import dev.loopback.activities.errors.NotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Published packages of the catalog, public like the agent downloads; immutable, so cached for a year. */
@RestController
@RequestMapping("/system/v1/downloads/catalog")
class CatalogDownloadsController {
  private final Catalog catalog;

  CatalogDownloadsController(Catalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/{component}/{version}/{file}")
  ResponseEntity<FileSystemResource> file(@PathVariable String component, @PathVariable String version, @PathVariable String file) {
    Path path = catalog.publishedFile(component, version, file)
        .orElseThrow(() -> new NotFoundException("published package " + component + " " + version + " " + file));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
        .body(new FileSystemResource(path));
  }
}

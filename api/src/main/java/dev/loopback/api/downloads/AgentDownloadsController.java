package dev.loopback.api.downloads;

import dev.loopback.activities.downloads.AgentPackage;
import dev.loopback.activities.downloads.AgentPackageSource;
import dev.loopback.activities.downloads.ChannelListing;
import dev.loopback.activities.downloads.InstallSettings;
import dev.loopback.activities.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Agent packages by channel: an index, the files, and a {@code sha512sum -c} sidecar for each. Public:
 * packages hold no secret, and hosts fetch them before they have credentials. Only names the
 * channel lists are served, so a request can never name a path.
 */
@RestController
@RequestMapping("/system/v1/downloads/agent")
class AgentDownloadsController {

  static final String SIDECAR = ".sha512";

  private final AgentPackageSource packages;
  private final InstallSettings settings;

  AgentDownloadsController(AgentPackageSource packages, InstallSettings settings) {
    this.packages = packages;
    this.settings = settings;
  }

  /**
   * @param latest whether install scripts install this one (the highest version of its format)
   * @param url where the control plane serves it
   */
  record PackageResponse(String version, String arch, String format, String file, long size, String sha512, String url,
      boolean latest) {}

  /** @param packages newest first within each format */
  record ChannelIndexResponse(String channel, List<PackageResponse> packages) {}

  @GetMapping("/{channel}")
  ResponseEntity<ChannelIndexResponse> index(@PathVariable String channel, HttpServletRequest request) {
    ChannelListing listing = packages.channel(channel);
    String base = PublicAddresses.baseUrl(settings, request) + "/system/v1/downloads/agent/" + channel + "/";
    List<PackageResponse> entries = listing.packages().stream()
        .map(p -> new PackageResponse(p.version(), p.arch(), p.format().wireName(), p.file(), p.size(), p.sha512(),
            base + p.file(), listing.latest(p.format()).filter(p::equals).isPresent()))
        .toList();
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(new ChannelIndexResponse(channel, entries));
  }

  @GetMapping("/{channel}/{file}")
  ResponseEntity<?> file(@PathVariable String channel, @PathVariable String file, HttpServletRequest request) {
    ChannelListing listing = packages.channel(channel);
    Optional<AgentPackage> pkg = listing.file(file);
    if (pkg.isPresent()) {
      return PackageResponses.file(pkg.get(), request);
    }
    if (file.endsWith(SIDECAR)) {
      Optional<AgentPackage> summed = listing.file(file.substring(0, file.length() - SIDECAR.length()));
      if (summed.isPresent()) {
        return PackageResponses.sidecar(summed.get());
      }
    }
    throw new NotFoundException("package '" + file + "' in channel '" + channel + "'");
  }
}

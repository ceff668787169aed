package dev.loopback.api.catalog;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.catalog.Catalog;
import dev.loopback.activities.catalog.Catalog.ArtifactView;
import dev.loopback.activities.catalog.Catalog.ReleaseView;
import dev.loopback.activities.catalog.PackageMirror;
import dev.loopback.api.access.AnyAuthenticated;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.db.catalog.ReleaseChannel;
import dev.loopback.db.catalog.SigningKey;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The release catalog of the installation: read by anyone signed in, changed with
 * {@code catalog:publish} (organization-wide), every change audited.
 */
@RestController
@RequestMapping("/api/v1/catalog")
class CatalogController {
  static final String SIGNATURE = "Loopback-Signature";
  static final String SIGNATURE_KEY = "Loopback-Signature-Key";
  static final String SHA512 = "Loopback-Sha512";
  private final Catalog catalog;
  private final PackageMirror mirror;

  CatalogController(Catalog catalog, PackageMirror mirror) {
    this.catalog = catalog;
    this.mirror = mirror;
  }

  record ChannelList(List<ReleaseChannel> channels) {}

  record KeyList(List<SigningKey> keys) {}

  record ReleaseList(List<ReleaseView> releases) {}

  @AnyAuthenticated
  @GetMapping("/channels")
  ChannelList channels() {
    return new ChannelList(catalog.channels());
  }

  @Requires(Capability.CATALOG_PUBLISH)
  @PostMapping("/channels")
  @ResponseStatus(HttpStatus.CREATED)
  ReleaseChannel createChannel(RequestAccess access, @RequestBody Catalog.CreateChannel request) {
    return catalog.createChannel(access.actor(), access.caller().organizationId(), request);
  }

  @AnyAuthenticated
  @GetMapping("/signing-keys")
  KeyList signingKeys() {
    return new KeyList(catalog.signingKeys());
  }

  @Requires(Capability.CATALOG_PUBLISH)
  @PostMapping("/signing-keys")
  @ResponseStatus(HttpStatus.CREATED)
  SigningKey addSigningKey(RequestAccess access, @RequestBody Catalog.AddSigningKey request) {
    return catalog.addSigningKey(access.actor(), access.caller().organizationId(), request);
  }

  @Requires(Capability.CATALOG_PUBLISH)
  @DeleteMapping("/signing-keys/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void retireSigningKey(RequestAccess access, @PathVariable String id) {
    catalog.retireSigningKey(access.actor(), access.caller().organizationId(), id);
  }

  @AnyAuthenticated
  @GetMapping("/releases")
  ReleaseList releases(@RequestParam(required = false) String component) {
    return new ReleaseList(catalog.releases(component));
  }

  @Requires(Capability.CATALOG_PUBLISH)
  @PostMapping("/releases")
  @ResponseStatus(HttpStatus.CREATED)
  ReleaseView createRelease(RequestAccess access, @RequestBody Catalog.CreateRelease request) {
    return catalog.createRelease(access.actor(), access.caller().organizationId(), request);
  }

  @AnyAuthenticated
  @GetMapping("/releases/{component}/{version}")
  ReleaseView release(@PathVariable String component, @PathVariable String version) {
    return catalog.release(component, version);
  }

  /** The body is the package's bytes; the signature is over its {@code PackageStatement} (docs/catalog.md). */
  @Requires(Capability.CATALOG_PUBLISH)
  @PutMapping("/releases/{component}/{version}/packages/{arch}/{format}")
  @ResponseStatus(HttpStatus.CREATED)
  ArtifactView upload(RequestAccess access, @PathVariable String component, @PathVariable String version, @PathVariable String arch,
      @PathVariable String format, @RequestHeader(name = SIGNATURE, required = false) String signature,
      @RequestHeader(name = SIGNATURE_KEY, required = false) String signatureKeyId,
      @RequestHeader(name = SHA512, required = false) String sha512, HttpServletRequest request) throws IOException {
    return catalog.upload(access.actor(), access.caller().organizationId(), component, version,
        new Catalog.Upload(arch, format, sha512, signature, signatureKeyId), request.getInputStream());
  }

  /** Registers a package by URL: the control plane fetches it, checks it like an upload and keeps the copy agents download. */
  @Requires(Capability.CATALOG_PUBLISH)
  @PostMapping("/releases/{component}/{version}/packages/{arch}/{format}")
  @ResponseStatus(HttpStatus.CREATED)
  ArtifactView register(RequestAccess access, @PathVariable String component, @PathVariable String version, @PathVariable String arch,
      @PathVariable String format, @RequestBody(required = false) PackageMirror.RegisterPackage request) {
    return mirror.register(access.actor(), access.caller().organizationId(), component, version, arch, format, request);
  }

  @Requires(Capability.CATALOG_PUBLISH)
  @PostMapping("/releases/{component}/{version}/publish")
  ReleaseView publish(RequestAccess access, @PathVariable String component, @PathVariable String version) {
    return catalog.publish(access.actor(), access.caller().organizationId(), component, version);
  }
}

package dev.loopback.activities.catalog;

import com.github.zafarkhaja.semver.Version;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.db.catalog.CatalogRepository;
import dev.loopback.db.catalog.Release;
import dev.loopback.db.catalog.ReleaseArtifact;
import dev.loopback.db.catalog.ReleaseChannel;
import dev.loopback.db.catalog.SigningKey;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.packages.PackageStatement;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Publishing: channels, the operator's signing keys, releases and their packages. A package is
 * accepted only with a SHA-512 computed here (and equal to the declared one, if declared) and a
 * signature by an active signing key over its {@link PackageStatement}. A published release never
 * changes: a fix is a new version. Every change is audited.
 */
@Service
public class Catalog {
  /** The largest package accepted: agent packages are tens of megabytes. */
  public static final long MAX_PACKAGE_BYTES = 512L * 1024 * 1024;
  private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,40}");
  private static final int MAX_NOTES = 20_000;
  private final CatalogRepository catalog;
  private final CatalogFiles files;
  private final UpdateIndex index;
  private final AuditLog audit;
  private final Clock clock;

  public Catalog(CatalogRepository catalog, CatalogFiles files, UpdateIndex index, AuditLog audit, Clock clock) {
    this.catalog = catalog;
    this.files = files;
    this.index = index;
    this.audit = audit;
    this.clock = clock;
  }

  public record CreateChannel(String name, Boolean allowsPrereleases) {
  }

  public record AddSigningKey(String id, String publicKey) {
  }

  public record CreateRelease(String component, String version, String channel, String eligibility, String requiresCore,
      List<String> moduleTags, String notes) {
  }

  /** A release with its packages. */
  public record ReleaseView(String component, String version, String channel, String eligibility, String requiresCore,
      List<String> moduleTags, String notes, boolean published, java.time.Instant publishedAt, java.time.Instant createdAt,
      List<ArtifactView> artifacts) {
  }

  public record ArtifactView(String arch, String format, long size, String sha512, String signature, String signatureKeyId, String url) {
  }

  /**
   * How an upload describes its package: where it runs and who signed it.
   *
   * @param source where the bytes came from when the control plane fetched them ({@link PackageMirror}); null for an upload
   */
  public record Upload(String arch, String format, String declaredSha512, String signature, String signatureKeyId, String source) {
    public Upload(String arch, String format, String declaredSha512, String signature, String signatureKeyId) {
      this(arch, format, declaredSha512, signature, signatureKeyId, null);
    }
  }

  public List<ReleaseChannel> channels() {
    return catalog.channels();
  }

  public ReleaseChannel createChannel(Actor actor, UUID organizationId, CreateChannel request) {
    if (request.name() == null || !CHANNEL.matcher(request.name()).matches()) {
      throw new InvalidFieldException("name", "must be 1-31 lowercase letters, digits or '-', starting with a letter");
    }
    ReleaseChannel channel = new ReleaseChannel(request.name(), Boolean.TRUE.equals(request.allowsPrereleases()));
    try {
      catalog.insertChannel(channel, clock.instant());
    } catch (DuplicateKeyException e) {
      throw new ConflictException("channel " + request.name() + " exists");
    }
    audit.append(actor, AuditEntry.success(organizationId, null, "catalog.channel.create", "channel:" + channel.name(),
        "pre-releases " + (channel.allowsPrereleases() ? "allowed" : "refused")));
    index.changed();
    return channel;
  }

  public List<SigningKey> signingKeys() {
    return catalog.signingKeys();
  }

  public SigningKey addSigningKey(Actor actor, UUID organizationId, AddSigningKey request) {
    if (request.id() == null || !KEY_ID.matcher(request.id()).matches()) {
      throw new InvalidFieldException("id", "must be 1-64 letters, digits, '.', '_' or '-'");
    }
    try {
      new TrustedKey(request.id(), request.publicKey());
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("publicKey", e.getMessage().substring("publicKey: ".length())
          + " (the raw 32-byte Ed25519 key, Base64: openssl pkey -in key.pem -pubout -outform DER | tail -c 32 | base64)");
    }
    try {
      catalog.insertSigningKey(request.id(), request.publicKey(), clock.instant());
    } catch (DuplicateKeyException e) {
      throw new ConflictException("a signing key with this id or public key exists");
    }
    audit.append(actor, AuditEntry.success(organizationId, null, "catalog.key.add", "signing-key:" + request.id(), null));
    return catalog.signingKeys().stream().filter(key -> key.id().equals(request.id())).findFirst().orElseThrow();
  }

  /** Retired keys sign nothing new; packages they signed stay valid, so a rotation can overlap. */
  public void retireSigningKey(Actor actor, UUID organizationId, String id) {
    if (!catalog.retireSigningKey(id, clock.instant())) {
      throw new NotFoundException("active signing key " + id);
    }
    audit.append(actor, AuditEntry.success(organizationId, null, "catalog.key.retire", "signing-key:" + id, null));
  }

  public ReleaseView createRelease(Actor actor, UUID organizationId, CreateRelease request) {
    String component = component(request.component());
    Version version = Versions.parse("version", request.version());
    ReleaseChannel channel = channel(request.channel());
    if (version.isPreRelease() && !channel.allowsPrereleases()) {
      throw new InvalidFieldException("version", version + " is a pre-release and channel " + channel.name()
          + " does not offer pre-releases (use one that does, e.g. preview)");
    }
    Eligibility eligibility = Eligibility.parse("eligibility", request.eligibility());
    String requiresCore = null;
    if (request.requiresCore() != null) {
      if (UpdateCheck.AGENT.equals(component)) {
        throw new InvalidFieldException("requiresCore", "is for modules: the core agent requires no core version");
      }
      requiresCore = Eligibility.parse("requiresCore", request.requiresCore()).text();
    } else if (!UpdateCheck.AGENT.equals(component)) {
      throw new InvalidFieldException("requiresCore", "is required for a module: the range of core agent versions it works with");
    }
    List<String> tags = request.moduleTags() == null ? List.of() : request.moduleTags();
    for (int i = 0; i < tags.size(); i++) {
      if (tags.get(i) == null || !TAG.matcher(tags.get(i)).matches()) {
        throw new InvalidFieldException("moduleTags[" + i + "]", "must be lowercase letters, digits, '.', '_' or '-'");
      }
    }
    String notes = request.notes() == null ? "" : request.notes();
    if (notes.length() > MAX_NOTES) {
      throw new InvalidFieldException("notes", "must be at most " + MAX_NOTES + " characters");
    }
    Release release = new Release(UUID.randomUUID(), component, version.toString(), channel.name(), eligibility.text(), requiresCore,
        List.copyOf(tags), notes, false, null, clock.instant());
    try {
      catalog.insertRelease(release);
    } catch (DuplicateKeyException e) {
      throw new ConflictException(component + " " + version + " is in the catalog already; a fix is a new version");
    }
    audit.append(actor, AuditEntry.success(organizationId, null, "catalog.release.create", "release:" + component + "@" + version,
        "channel " + channel.name() + ", eligibility " + eligibility.text()));
    return view(release);
  }

  public ReleaseView release(String component, String version) {
    return view(find(component, version));
  }

  public List<ReleaseView> releases(String component) {
    return catalog.releases(component == null ? null : component(component)).stream().map(this::view).toList();
  }

  /**
   * Stores a package of an unpublished release. The body is read whole before anything is decided,
   * and kept only if everything holds.
   */
  public ArtifactView upload(Actor actor, UUID organizationId, String component, String version, Upload upload, InputStream body) {
    Release release = find(component, version);
    if (release.published()) {
      throw new ConflictException(release.component() + " " + release.version() + " is published and does not change; publish a new version");
    }
    if (upload.arch() == null || !UpdateCheck.ARCH.matcher(upload.arch()).matches()) {
      throw new InvalidFieldException("arch", "must be a package architecture such as amd64 or arm64");
    }
    if (!UpdateCheck.FORMATS.contains(upload.format())) {
      throw new InvalidFieldException("format", "must be one of " + UpdateCheck.FORMATS);
    }
    if (upload.signature() == null || upload.signatureKeyId() == null) {
      throw new InvalidFieldException(upload.signature() == null ? "signature" : "signatureKeyId",
          "is required: packages are signed with the operator's Ed25519 key (see docs/catalog.md)");
    }
    CatalogFiles.Incoming incoming;
    try {
      incoming = files.receive(body, MAX_PACKAGE_BYTES);
    } catch (CatalogFiles.TooLarge e) {
      throw new InvalidFieldException("body", e.getMessage());
    }
    try {
      if (incoming.size() == 0) {
        throw new InvalidFieldException("body", "is empty: send the package's bytes");
      }
      if (upload.declaredSha512() != null && !upload.declaredSha512().toLowerCase(Locale.ROOT).equals(incoming.sha512())) {
        throw new InvalidFieldException("sha512", "the package's SHA-512 is " + incoming.sha512() + ", not the declared "
            + upload.declaredSha512());
      }
      PackageStatement statement = new PackageStatement(release.component(), release.version(), upload.arch(), upload.format(),
          incoming.sha512());
      List<TrustedKey> active = catalog.signingKeys().stream().filter(SigningKey::active)
          .map(key -> new TrustedKey(key.id(), key.publicKey())).toList();
      Optional<String> refusal = PackageSignatures.refusal(statement, upload.signatureKeyId(), upload.signature(), active);
      if (refusal.isPresent()) {
        String reason = refusal.get();
        throw new InvalidFieldException(reason.substring(0, reason.indexOf(':')), reason.substring(reason.indexOf(':') + 2));
      }
      String fileName = CatalogFiles.fileName(release.component(), release.version(), upload.arch(), upload.format());
      ReleaseArtifact artifact = new ReleaseArtifact(release.id(), upload.arch(), upload.format(), fileName, incoming.size(),
          incoming.sha512(), upload.signature(), upload.signatureKeyId(), clock.instant());
      try {
        catalog.insertArtifact(artifact);
      } catch (DuplicateKeyException e) {
        throw new ConflictException(release.component() + " " + release.version() + " has a " + upload.arch() + " " + upload.format()
            + " package already");
      }
      try {
        files.accept(incoming, release.component(), release.version(), fileName);
      } catch (RuntimeException e) {
        // No row without its file: the upload can be tried again.
        catalog.deleteArtifact(release.id(), upload.arch(), upload.format());
        throw e;
      }
      audit.append(actor, AuditEntry.success(organizationId, null, "catalog.package.upload",
          "release:" + release.component() + "@" + release.version(),
          upload.arch() + " " + upload.format() + ", " + incoming.size() + " bytes, sha512 " + incoming.sha512().substring(0, 16)
              + "…, signed by " + upload.signatureKeyId() + (upload.source() == null ? "" : ", mirrored from " + upload.source())));
      return view(artifact, release);
    } finally {
      files.discard(incoming);
    }
  }

  public ReleaseView publish(Actor actor, UUID organizationId, String component, String version) {
    Release release = find(component, version);
    if (catalog.artifacts(release.id()).isEmpty()) {
      throw new ConflictException(release.component() + " " + release.version() + " has no package yet: upload one before publishing");
    }
    if (!catalog.publish(release.id(), clock.instant())) {
      throw new ConflictException(release.component() + " " + release.version() + " is published already");
    }
    audit.append(actor, AuditEntry.success(organizationId, null, "catalog.release.publish",
        "release:" + release.component() + "@" + release.version(), "channel " + release.channel()));
    index.changed();
    return release(component, version);
  }

  /** A published package's file, by the name the catalog gave it. */
  public Optional<Path> publishedFile(String component, String version, String fileName) {
    Optional<Release> release = catalog.findRelease(component, version).filter(Release::published);
    return release.flatMap(r -> catalog.artifacts(r.id()).stream().filter(a -> a.fileName().equals(fileName)).findFirst())
        .flatMap(a -> files.find(component, version, fileName));
  }

  private Release find(String component, String version) {
    String name = component(component);
    String text = Versions.parse("version", version).toString();
    return catalog.findRelease(name, text).orElseThrow(() -> new NotFoundException("release " + name + " " + text));
  }

  private ReleaseChannel channel(String name) {
    return catalog.channels().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new InvalidFieldException(
        "channel", name == null ? "is required" : "'" + name + "' is not a release channel; create it first"));
  }

  private static String component(String component) {
    if (component == null || !UpdateCheck.COMPONENT.matcher(component).matches()) {
      throw new InvalidFieldException("component", "must be 'agent' or a module name (lowercase letters, digits, '-')");
    }
    return component;
  }

  private ReleaseView view(Release release) {
    return new ReleaseView(release.component(), release.version(), release.channel(), release.eligibility(), release.requiresCore(),
        release.moduleTags(), release.notes(), release.published(), release.publishedAt(), release.createdAt(),
        catalog.artifacts(release.id()).stream().map(a -> view(a, release)).toList());
  }

  private static ArtifactView view(ReleaseArtifact artifact, Release release) {
    return new ArtifactView(artifact.arch(), artifact.format(), artifact.size(), artifact.sha512(), artifact.signature(),
        artifact.signatureKeyId(), CatalogFiles.downloadPath(release.component(), release.version(), artifact.fileName()));
  }
}

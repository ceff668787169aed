package dev.loopback.activities.catalog;

import com.github.zafarkhaja.semver.Version;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.db.catalog.Release;
import dev.loopback.db.catalog.ReleaseArtifact;
import dev.loopback.db.catalog.ReleaseChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The update check's rules over one snapshot of what is published (see the package documentation).
 * Pure and immutable: the index swaps in a new snapshot when something is published.
 */
public final class UpdateCheck {
  public static final String AGENT = "agent";
  static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  static final Pattern ARCH = Pattern.compile("[a-z0-9_]{1,16}");
  static final List<String> FORMATS = List.of("deb", "tar.gz");

  /** A published release, parsed once. */
  record Published(Release row, Version version, Eligibility eligibility, Eligibility requiresCore, Map<String, ReleaseArtifact> artifacts) {
    Optional<ReleaseArtifact> artifact(String arch, String format) {
      if (format != null) {
        return Optional.ofNullable(artifacts.get(arch + "/" + format));
      }
      return FORMATS.stream().map(f -> artifacts.get(arch + "/" + f)).filter(a -> a != null).findFirst();
    }
  }

  /** Distinct questions remembered per snapshot: a fleet runs a handful of versions, so nearly every check is a lookup. */
  static final int MAX_REMEMBERED = 50_000;
  private final Map<String, ReleaseChannel> channels;
  /** component + '\0' + channel → releases, highest version first. */
  private final Map<String, List<Published>> releases;
  private final Map<UpdateQuery, Answer> answers = new ConcurrentHashMap<>();
  private final Function<UpdateOffer, byte[]> encoder;

  /** An answer as the API sends it: the offer and its JSON, encoded once per snapshot rather than per request. */
  public record Answer(Optional<UpdateOffer> offer, byte[] json) {
  }

  private UpdateCheck(Map<String, ReleaseChannel> channels, Map<String, List<Published>> releases, Function<UpdateOffer, byte[]> encoder) {
    this.channels = channels;
    this.releases = releases;
    this.encoder = encoder;
  }

  public static UpdateCheck of(Collection<ReleaseChannel> channels, Collection<Release> published, Collection<ReleaseArtifact> artifacts) {
    return of(channels, published, artifacts, offer -> new byte[0]);
  }

  /** @param encoder the offer's JSON as the API writes it */
  public static UpdateCheck of(Collection<ReleaseChannel> channels, Collection<Release> published, Collection<ReleaseArtifact> artifacts,
      Function<UpdateOffer, byte[]> encoder) {
    Map<String, ReleaseChannel> byName = new HashMap<>();
    channels.forEach(channel -> byName.put(channel.name(), channel));
    Map<UUID, Map<String, ReleaseArtifact>> packages = new HashMap<>();
    artifacts.forEach(a -> packages.computeIfAbsent(a.releaseId(), id -> new HashMap<>()).put(a.arch() + "/" + a.format(), a));
    Map<String, List<Published>> grouped = new HashMap<>();
    for (Release row : published) {
      Published release = new Published(row, Version.parse(row.version()), Eligibility.parse("eligibility", row.eligibility()),
          row.requiresCore() == null ? null : Eligibility.parse("requiresCore", row.requiresCore()),
          Map.copyOf(packages.getOrDefault(row.id(), Map.of())));
      grouped.computeIfAbsent(key(row.component(), row.channel()), k -> new ArrayList<>()).add(release);
    }
    grouped.values().forEach(list -> list.sort(Comparator.comparing(Published::version, Version::compareToIgnoreBuildMetadata).reversed()));
    return new UpdateCheck(Map.copyOf(byName), Map.copyOf(grouped), encoder);
  }

  /**
   * @return the next version, or empty when there is none
   * @throws InvalidFieldException naming the query field that is missing or malformed, or an unknown channel
   */
  public Optional<UpdateOffer> next(UpdateQuery query) {
    return answer(query).offer();
  }

  /** {@link #next} with the offer's JSON, remembered for the next check that asks the same. */
  public Answer answer(UpdateQuery query) {
    Answer known = answers.get(query);
    if (known != null) {
      return known;
    }
    Optional<UpdateOffer> offer = compute(query);
    Answer answer = new Answer(offer, offer.map(encoder).orElse(null));
    if (answers.size() >= MAX_REMEMBERED) {
      answers.clear();
    }
    answers.put(query, answer);
    return answer;
  }

  private Optional<UpdateOffer> compute(UpdateQuery query) {
    if (query.component() == null || !COMPONENT.matcher(query.component()).matches()) {
      throw new InvalidFieldException("component", "must be 'agent' or a module name (lowercase letters, digits, '-')");
    }
    ReleaseChannel channel = query.channel() == null ? null : channels.get(query.channel());
    if (channel == null) {
      throw new InvalidFieldException("channel", query.channel() == null ? "is required"
          : "'" + query.channel() + "' is not a release channel; known: " + channels.keySet().stream().sorted().toList());
    }
    Version current = Versions.parse("version", query.version());
    if (query.arch() == null || !ARCH.matcher(query.arch()).matches()) {
      throw new InvalidFieldException("arch", "is required: a package architecture such as amd64 or arm64");
    }
    if (query.format() != null && !FORMATS.contains(query.format())) {
      throw new InvalidFieldException("format", "must be one of " + FORMATS);
    }
    Version core = null;
    if (!AGENT.equals(query.component())) {
      core = Versions.parse("coreVersion", query.coreVersion());
    }
    for (Published release : releases.getOrDefault(key(query.component(), channel.name()), List.of())) {
      if (release.version().compareToIgnoreBuildMetadata(current) <= 0) {
        break;
      }
      if (release.version().isPreRelease() && !channel.allowsPrereleases()
          || !release.eligibility().admits(current)
          || release.requiresCore() != null && (core == null || !release.requiresCore().admits(core))) {
        continue;
      }
      Optional<ReleaseArtifact> artifact = release.artifact(query.arch(), query.format());
      if (artifact.isPresent()) {
        return Optional.of(offer(release, artifact.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * The release of a module a host should run: {@code version} itself when pinned, else the highest
   * published release of the channel — in both cases one whose {@code requiresCore} admits the host's
   * agent and that has a package for its architecture in {@code format}.
   */
  public Optional<UpdateOffer> release(String component, String channel, String version, String arch, String format, String coreVersion) {
    ReleaseChannel known = channels.get(channel);
    if (known == null || coreVersion == null) {
      return Optional.empty();
    }
    Optional<Version> core = Version.tryParse(coreVersion);
    for (Published release : releases.getOrDefault(key(component, channel), List.of())) {
      if (version != null && !release.row().version().equals(version)
          || release.version().isPreRelease() && !known.allowsPrereleases()
          || release.requiresCore() != null && (core.isEmpty() || !release.requiresCore().admits(core.get()))) {
        continue;
      }
      Optional<ReleaseArtifact> artifact = release.artifact(arch, format);
      if (artifact.isPresent()) {
        return Optional.of(offer(release, artifact.get()));
      }
    }
    return Optional.empty();
  }

  public boolean hasChannel(String name) {
    return channels.containsKey(name);
  }

  private static UpdateOffer offer(Published release, ReleaseArtifact artifact) {
    Release row = release.row();
    return new UpdateOffer(row.component(), row.version(), row.channel(), row.notes(), row.moduleTags(), artifact.arch(),
        artifact.format(), artifact.size(), artifact.sha512(), artifact.signature(), artifact.signatureKeyId(),
        CatalogFiles.downloadPath(row.component(), row.version(), artifact.fileName()), row.publishedAt());
  }

  private static String key(String component, String channel) {
    return component + '\0' + channel;
  }
}

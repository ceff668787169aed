package dev.loopback.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.db.catalog.Release;
import dev.loopback.db.catalog.ReleaseArtifact;
import dev.loopback.db.catalog.ReleaseChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The update check's rules, one row per case: channel, current version, architecture → the next version or none. */
class UpdateCheckTest {
  private static final List<Release> RELEASES = new ArrayList<>();
  private static final List<ReleaseArtifact> ARTIFACTS = new ArrayList<>();

  static {
    // The core agent on stable: 2.0.0 needs 1.2.x at least, 1.2.0 needs 1.1.x: 1.0.0 gets there in steps.
    release("agent", "1.0.0", "stable", "any", null, "amd64", "arm64");
    release("agent", "1.1.0", "stable", "*", null, "amd64", "arm64");
    release("agent", "1.2.0", "stable", ">=1.1.0", null, "amd64", "arm64");
    release("agent", "1.3.0", "stable", "any", null, "arm64");
    release("agent", "2.0.0", "stable", ">=1.2.0 & <2.0.0", null, "amd64", "arm64");
    // preview allows pre-releases.
    release("agent", "2.1.0-rc.1", "preview", "any", null, "amd64");
    release("agent", "2.1.0-rc.2", "preview", ">=2.0.0", null, "amd64");
    release("agent", "2.0.0", "preview", "any", null, "amd64");
    // edge does not: a pre-release there (the catalog refuses to create one) is never offered.
    release("agent", "2.2.0-beta.1", "edge", "any", null, "amd64");
    release("agent", "2.1.5", "edge", "ANY", null, "amd64");
    // A module follows the same rules, plus the core agent version it needs.
    release("metrics", "1.0.0", "stable", "any", ">=1.0.0 & <2.0.0", "amd64");
    release("metrics", "1.1.0", "stable", "any", ">=2.0.0", "amd64");
  }

  private final UpdateCheck check = UpdateCheck.of(
      List.of(new ReleaseChannel("stable", false), new ReleaseChannel("preview", true), new ReleaseChannel("edge", false)), RELEASES,
      ARTIFACTS);

  @ParameterizedTest(name = "{0} {1} on {2} ({3}, core {4}) → {5}")
  @CsvSource(nullValues = "-", textBlock = """
      agent,   1.0.0,          stable,  amd64, -,     1.1.0
      agent,   1.1.0,          stable,  amd64, -,     1.2.0
      agent,   1.2.0,          stable,  amd64, -,     2.0.0
      agent,   2.0.0,          stable,  amd64, -,     -
      agent,   9.9.9,          stable,  amd64, -,     -
      agent,   1.2.0,          stable,  arm64, -,     2.0.0
      agent,   1.2.5,          stable,  arm64, -,     2.0.0
      agent,   1.1.0,          stable,  arm64, -,     1.3.0
      agent,   1.1.0,          stable,  riscv64, -,   -
      agent,   1.2.0+build.7,  stable,  amd64, -,     2.0.0
      agent,   2.0.0-rc.1,     stable,  amd64, -,     -
      agent,   1.9.0-rc.1,     stable,  amd64, -,     2.0.0
      agent,   1.0.0,          preview, amd64, -,     2.1.0-rc.1
      agent,   2.0.0,          preview, amd64, -,     2.1.0-rc.2
      agent,   2.1.0-rc.1,     preview, amd64, -,     2.1.0-rc.2
      agent,   2.1.0-rc.2,     preview, amd64, -,     -
      agent,   2.0.0,          edge,    amd64, -,     2.1.5
      agent,   2.1.5,          edge,    amd64, -,     -
      metrics, 0.9.0,          stable,  amd64, 1.5.0, 1.0.0
      metrics, 0.9.0,          stable,  amd64, 2.0.0, 1.1.0
      metrics, 1.0.0,          stable,  amd64, 1.5.0, -
      metrics, 0.9.0,          stable,  amd64, 2.0.0-rc.1, -
      nothing, 1.0.0,          stable,  amd64, 1.0.0, -
      """)
  void offersTheHighestEligibleVersion(String component, String current, String channel, String arch, String core, String expected) {
    Optional<UpdateOffer> offer = check.next(new UpdateQuery(component, channel, current, arch, null, core));

    assertThat(offer.map(UpdateOffer::version)).isEqualTo(Optional.ofNullable(expected));
    offer.ifPresent(o -> {
      assertThat(o.arch()).isEqualTo(arch);
      assertThat(o.channel()).isEqualTo(channel);
      assertThat(o.url()).isEqualTo("/system/v1/downloads/catalog/" + component + "/" + expected + "/" + component + "_" + expected + "_"
          + arch + ".deb");
      assertThat(o.sha512()).hasSize(128);
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
      channel    | agent   | -      | 1.0.0  | amd64   | -      | -
      channel    | agent   | beta   | 1.0.0  | amd64   | -      | -
      version    | agent   | stable | -      | amd64   | -      | -
      version    | agent   | stable | 1.2    | amd64   | -      | -
      version    | agent   | stable | v1.2.0 | amd64   | -      | -
      arch       | agent   | stable | 1.0.0  | -       | -      | -
      arch       | agent   | stable | 1.0.0  | AMD 64  | -      | -
      format     | agent   | stable | 1.0.0  | amd64   | rpm    | -
      component  | Agent!  | stable | 1.0.0  | amd64   | -      | -
      coreVersion| metrics | stable | 1.0.0  | amd64   | -      | -
      coreVersion| metrics | stable | 1.0.0  | amd64   | -      | latest
      """)
  void refusesABadQueryNamingTheField(String field, String component, String channel, String version, String arch, String format,
      String core) {
    assertThatThrownBy(() -> check.next(new UpdateQuery(component, channel, version, arch, format, core)))
        .isInstanceOf(InvalidFieldException.class)
        .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field.strip()));
  }

  @ParameterizedTest(name = "{0} admits {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      any               | 0.0.1       | true
      any               | 3.0.0-rc.1  | true
      >=1.2.0 & <2.0.0  | 1.9.9       | true
      >=1.2.0 & <2.0.0  | 2.0.0       | false
      >=1.2.0 & <2.0.0  | 2.0.0-rc.1  | false
      >=1.2.0 & <2.0.0  | 1.5.0-rc.1  | true
      >=1.2.0           | 1.2.0-rc.1  | false
      ^1.2.3            | 2.0.0-rc.1  | false
      ^1.2.3            | 1.9.0       | true
      ~1.4              | 1.4.7       | true
      ~1.4              | 1.5.0       | false
      <2.0.0            | 2.0.0-0     | false
      >=1.0.0           | 1.0.0+sha.5 | true
      """)
  void eligibilityNeverLetsAPreReleaseCrossABound(String rule, String version, boolean admitted) {
    assertThat(Eligibility.parse("eligibility", rule).admits(Versions.parse("version", version))).isEqualTo(admitted);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      >=1.0.0 <2.0.0
      latest
      >=1.0.0 &
      """)
  void refusesARuleThatIsNotARangeNamingTheField(String rule) {
    assertThatThrownBy(() -> Eligibility.parse("eligibility", rule)).isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("is not 'any' or a semver range");
  }

  private static void release(String component, String version, String channel, String eligibility, String requiresCore,
      String... archs) {
    Release release = new Release(UUID.randomUUID(), component, version, channel, eligibility, requiresCore, List.of(), "notes " + version,
        true, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"));
    RELEASES.add(release);
    for (String arch : archs) {
      String file = CatalogFiles.fileName(component, version, arch, "deb");
      ARTIFACTS.add(new ReleaseArtifact(release.id(), arch, "deb", file, 1000, "0".repeat(128), "sig", "ops", Instant.EPOCH));
    }
  }
}

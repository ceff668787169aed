package dev.loopback.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.agent.TestCertificates;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.tls.Fingerprints;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.ServerTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
  private static final String PIN = "0123456789abcdef".repeat(4);
  @TempDir
  Path tmp;

  @Test
  void readsEveryKeyFromTheFile() throws Exception {
    Path file = write("""
        # first join
        endpoint = cp.example.com:7443
        token = "lbt_secret"
        ca-sha256 = %s
        state-dir = /srv/agent
        log-level = DEBUG
        reconnect-base = 250ms
        reconnect-cap = 2m
        """.formatted(PIN.toUpperCase()));

    AgentConfig config = AgentConfigLoader.load(List.of("--config", file.toString()), Map.of());

    assertThat(config.endpoint()).isEqualTo(new Endpoint("cp.example.com", 7443));
    assertThat(config.token()).isEqualTo("lbt_secret");
    assertThat(config.caSha256()).isEqualTo(PIN);
    assertThat(config.stateDir()).isEqualTo(Path.of("/srv/agent"));
    assertThat(config.logLevel()).isEqualTo("debug");
    assertThat(config.backoff().base()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.backoff().cap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.enrollmentTrust()).isEqualTo(ServerTrust.pinned(PIN));
  }

  @Test
  void environmentVariablesWinOverTheFile() throws Exception {
    Path file = write("endpoint = file.example:1\ntoken = from-file\nlog-level = warn\n");

    AgentConfig config = AgentConfigLoader.load(List.of("--config=" + file), Map.of(
        "LOOPBACK_AGENT_ENDPOINT", "env.example:2",
        "LOOPBACK_AGENT_TOKEN", "from-env",
        "LOOPBACK_AGENT_STATE_DIR", "/tmp/state",
        "LOOPBACK_AGENT_LOG_LEVEL", ""));

    assertThat(config.endpoint()).isEqualTo(new Endpoint("env.example", 2));
    assertThat(config.token()).isEqualTo("from-env");
    assertThat(config.stateDir()).isEqualTo(Path.of("/tmp/state"));
    assertThat(config.logLevel()).as("an empty variable does not override").isEqualTo("warn");
  }

  @Test
  void findsTheFileThroughTheEnvironmentWhenNoArgumentNamesIt() throws Exception {
    Path file = write("endpoint = file.example:7443\n");

    AgentConfig config = AgentConfigLoader.load(List.of(), Map.of("LOOPBACK_AGENT_CONFIG", file.toString()));

    assertThat(config.endpoint().host()).isEqualTo("file.example");
  }

  @Test
  void fillsInDefaultsForWhatIsNotSet() throws Exception {
    AgentConfig config = AgentConfigLoader.load(List.of("--config", write("endpoint = [::1]:7443\n").toString()), Map.of());

    assertThat(config.endpoint()).isEqualTo(new Endpoint("::1", 7443));
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/loopback-agent"));
    assertThat(config.logLevel()).isEqualTo("info");
    assertThat(config.token()).isNull();
    assertThat(config.enrollmentTrust()).isNull();
    assertThat(config.backoff().base()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.backoff().cap()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.meshInterface()).isEqualTo("lbmesh0");
    assertThat(config.meshPort()).isEqualTo(51820);
  }

  @Test
  void readsTheMeshSettingsFromTheFileAndTheEnvironment() throws Exception {
    Path file = write("endpoint = cp:1\nmesh-interface = wg-fleet0\nmesh-port = 41820\n");

    AgentConfig fromFile = AgentConfigLoader.load(List.of("--config", file.toString()), Map.of());
    AgentConfig fromEnv = AgentConfigLoader.load(List.of("--config", file.toString()),
        Map.of("LOOPBACK_AGENT_MESH_PORT", "41821", "LOOPBACK_AGENT_MESH_INTERFACE", "lbmesh-ns3"));

    assertThat(fromFile.meshInterface()).isEqualTo("wg-fleet0");
    assertThat(fromFile.meshPort()).isEqualTo(41820);
    assertThat(fromEnv.meshInterface()).isEqualTo("lbmesh-ns3");
    assertThat(fromEnv.meshPort()).isEqualTo(41821);
  }

  @Test
  void refusesAMeshPortOrInterfaceTheKernelWouldNot() throws Exception {
    Path file = write("endpoint = cp:1\nmesh-interface = lbmesh0-far-too-long\n");

    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of("LOOPBACK_AGENT_MESH_PORT", "0")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "mesh-interface: expected an interface name of 1 to 15 letters, digits, '_', '-' or '.', got \"lbmesh0-far-too-long\" (from "
                + file + ":2)",
            "mesh-port: expected a UDP port 1..65535, got \"0\" (from LOOPBACK_AGENT_MESH_PORT)"));
    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", write("endpoint = cp:1\nmesh-interface = a/b\n").toString()),
        Map.of())).hasMessageContaining("mesh-interface: expected an interface name");
  }

  @Test
  void readsThePinnedPackageSigningKeysAndRefusesAMalformedOneNamingIt() throws Exception {
    String first = PackageSignatures.publicKeyOf(new byte[32]);
    String second = PackageSignatures.publicKeyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        24, 25, 26, 27, 28, 29, 30, 31, 32});
    Path file = write("endpoint = cp:1\ntrusted-keys = ops-2026:" + first + ", ops-2027:" + second + "\n");

    assertThat(AgentConfigLoader.load(List.of("--config", file.toString()), Map.of()).trustedKeys())
        .containsExactly(new TrustedKey("ops-2026", first), new TrustedKey("ops-2027", second));
    assertThat(AgentConfigLoader.load(List.of("--config", write("endpoint = cp:1\n").toString()), Map.of()).trustedKeys()).isEmpty();
    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()),
        Map.of("LOOPBACK_AGENT_TRUSTED_KEYS", "ops-2026:" + first + ",ops-2027:AAAA")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .startsWith("trusted-keys: entry 2 \"ops-2027:AAAA\": publicKey: an Ed25519 public key is 32 bytes, this is 3")
            .endsWith("(from LOOPBACK_AGENT_TRUSTED_KEYS)"));
  }

  @Test
  void readsTheControlPlanesHttpAddressForPackages() throws Exception {
    Path file = write("endpoint = cp:7443\napi-url = https://loopback.example.com:8443/\n");

    assertThat(AgentConfigLoader.load(List.of("--config", file.toString()), Map.of()).apiUrl())
        .isEqualTo(java.net.URI.create("https://loopback.example.com:8443"));
    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of("LOOPBACK_AGENT_API_URL", "ftp://x/y")))
        .hasMessageContaining("api-url: expected the control plane's address as http(s)://host[:port], got \"ftp://x/y\"");
  }

  @Test
  void namesEveryInvalidFieldAndWhereItCameFrom() throws IOException {
    Path file = write("endpoint = x\nca-sha256 = zz\nlog-level = loud\nreconnect-base = fast\n");

    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of("LOOPBACK_AGENT_CA_FILE", "/nope.pem")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "endpoint: expected host:port, got \"x\" (from " + file + ":1)",
            "ca-sha256: expected 64 hex digits (colons allowed), got \"zz\" (from " + file + ":2)",
            "ca-file: cannot read /nope.pem: NoSuchFileException /nope.pem (from LOOPBACK_AGENT_CA_FILE)",
            "log-level: expected one of error, warn, info, debug, trace, got \"loud\" (from " + file + ":3)",
            "reconnect-base: expected a positive duration like 500ms, 1s or 2m, got \"fast\" (from " + file + ":4)"));
  }

  @Test
  void refusesAMissingEndpoint() throws IOException {
    Path file = write("token = abc\n");

    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("endpoint: missing (set it in the config file or LOOPBACK_AGENT_ENDPOINT)"));
  }

  @Test
  void refusesAPortOutOfRange() throws IOException {
    Path file = write("endpoint = cp.example:70000\n");

    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of()))
        .hasMessageContaining("endpoint: port must be 1..65535");
  }

  @Test
  void refusesAnUnknownKeyNamingItsLine() throws IOException {
    Path file = write("endpoint = cp:1\n\nca-sha265 = " + PIN + "\n");

    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of()))
        .hasMessageContaining(file + ":3: unknown key \"ca-sha265\"");
  }

  @Test
  void refusesAFileNamedExplicitlyThatDoesNotExist() {
    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", tmp.resolve("nope.conf").toString()), Map.of()))
        .hasMessageContaining("config: file").hasMessageContaining("does not exist");
  }

  @Test
  void neverRepeatsAMalformedTokenInTheError() throws IOException {
    Path file = write("endpoint = cp:1\ntoken = secret with spaces\n");

    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of()))
        .hasMessageContaining("token: expected printable characters without spaces")
        .hasMessageNotContaining("secret");
  }

  @Test
  void trustsTheCaFileAndRefusesOneThatContradictsThePin() throws Exception {
    TestCertificates pki = new TestCertificates();
    Path ca = tmp.resolve("ca.pem");
    Files.writeString(ca, Pem.encode(pki.ca()));
    Path file = write("endpoint = cp:1\nca-file = " + ca + "\n");

    AgentConfig config = AgentConfigLoader.load(List.of("--config", file.toString()), Map.of());
    assertThat(config.enrollmentTrust()).isEqualTo(ServerTrust.ca(pki.ca()));

    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--config", file.toString()), Map.of("LOOPBACK_AGENT_CA_SHA256", PIN)))
        .hasMessageContaining("ca-file: the certificate's SHA-256 " + Fingerprints.sha256(pki.ca()) + " does not match ca-sha256 " + PIN);
  }

  @Test
  void refusesAnUnexpectedArgument() {
    assertThatThrownBy(() -> AgentConfigLoader.load(List.of("--cofnig", "x"), Map.of()))
        .hasMessageContaining("arguments: unexpected \"--cofnig\"");
  }

  @Test
  void hidesTheTokenWhenPrinted() throws Exception {
    AgentConfig config = AgentConfigLoader.load(List.of("--config", write("endpoint = cp:1\ntoken = lbt_secret\n").toString()), Map.of());

    assertThat(config.toString()).doesNotContain("lbt_secret").contains("<redacted>");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(tmp.resolve("agent-" + System.nanoTime() + ".conf"), text);
  }
}

package dev.loopback.agent.config;

import dev.loopback.agent.channel.Backoff;
import dev.loopback.protocol.tls.Fingerprints;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.tls.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's configuration: a {@code key = value} file, then environment variables, which win.
 *
 * <p>The file is {@code --config <path>}, else {@code $LOOPBACK_AGENT_CONFIG}, else
 * {@value #DEFAULT_FILE}; a file named explicitly must exist, the default one may be absent (a
 * container may configure the agent through the environment alone). Unknown keys are refused rather
 * than ignored: a misspelt {@code ca-sha265} silently dropped would surface much later as a
 * confusing TLS failure. Every problem names its field and source, and all are reported at once.
 */
public final class AgentConfigLoader {
  public static final String DEFAULT_FILE = "/etc/loopback/agent.conf";
  public static final String DEFAULT_STATE_DIR = "/var/lib/loopback-agent";
  public static final String CONFIG_ENV = "LOOPBACK_AGENT_CONFIG";
  public static final String DEFAULT_MESH_INTERFACE = "lbmesh0";
  public static final int DEFAULT_MESH_PORT = 51820;
  /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1); we keep to characters every tool quotes safely. */
  private static final Pattern INTERFACE = Pattern.compile("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,14}$");
  private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");
  private static final Pattern DURATION = Pattern.compile("^([0-9]{1,9})(ms|s|m|h)$");

  enum Key {
    ENDPOINT("endpoint", "LOOPBACK_AGENT_ENDPOINT"),
    TOKEN("token", "LOOPBACK_AGENT_TOKEN"),
    CA_SHA256("ca-sha256", "LOOPBACK_AGENT_CA_SHA256"),
    CA_FILE("ca-file", "LOOPBACK_AGENT_CA_FILE"),
    STATE_DIR("state-dir", "LOOPBACK_AGENT_STATE_DIR"),
    LOG_LEVEL("log-level", "LOOPBACK_AGENT_LOG_LEVEL"),
    RECONNECT_BASE("reconnect-base", "LOOPBACK_AGENT_RECONNECT_BASE"),
    RECONNECT_CAP("reconnect-cap", "LOOPBACK_AGENT_RECONNECT_CAP"),
    MESH_INTERFACE("mesh-interface", "LOOPBACK_AGENT_MESH_INTERFACE"),
    MESH_PORT("mesh-port", "LOOPBACK_AGENT_MESH_PORT"),
    TRUSTED_KEYS("trusted-keys", "LOOPBACK_AGENT_TRUSTED_KEYS"),
    API_URL("api-url", "LOOPBACK_AGENT_API_URL");

    final String fileKey;
    final String envVar;

    Key(String fileKey, String envVar) {
      this.fileKey = fileKey;
      this.envVar = envVar;
    }
  }

  /** A raw value and where it came from, for error messages. */
  private record Raw(String value, String source) {
  }

  private final Map<Key, Raw> raw = new EnumMap<>(Key.class);
  private final List<String> problems = new ArrayList<>();

  private AgentConfigLoader() {
  }

  /** Loads from the command-line arguments (only {@code --config}) and the given environment. */
  public static AgentConfig load(List<String> args, Map<String, String> env) throws ConfigException {
    AgentConfigLoader loader = new AgentConfigLoader();
    loader.readFile(configFile(args, env));
    loader.readEnvironment(env);
    return loader.build();
  }

  /** The explicitly named config file, or null to use the default if it exists. */
  private static Path configFile(List<String> args, Map<String, String> env) throws ConfigException {
    String path = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--config") && i + 1 < args.size()) {
        path = args.get(++i);
      } else if (arg.startsWith("--config=")) {
        path = arg.substring("--config=".length());
      } else {
        throw new ConfigException("arguments: unexpected \"" + arg + "\" (usage: loopback-agent [--config <path>])");
      }
    }
    if (path == null) {
      path = nonEmpty(env.get(CONFIG_ENV));
    }
    return path == null ? null : Path.of(path);
  }

  private void readFile(Path explicit) throws ConfigException {
    Path file = explicit != null ? explicit : Path.of(DEFAULT_FILE);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (explicit != null) {
        throw new ConfigException("config: file " + file + " does not exist");
      }
      return;
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + file + ": " + e.getMessage());
    }
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + n;
      int eq = line.indexOf('=');
      if (eq <= 0) {
        problems.add(where + ": expected key = value, got \"" + line + "\"");
        continue;
      }
      String name = line.substring(0, eq).strip();
      Key key = byFileKey(name);
      if (key == null) {
        problems.add(where + ": unknown key \"" + name + "\" (known: " + knownKeys() + ")");
        continue;
      }
      Raw previous = raw.put(key, new Raw(unquote(line.substring(eq + 1).strip()), where));
      if (previous != null) {
        problems.add(key.fileKey + ": set twice (" + previous.source + " and " + where + ")");
      }
    }
  }

  private void readEnvironment(Map<String, String> env) {
    for (Key key : Key.values()) {
      String value = nonEmpty(env.get(key.envVar));
      if (value != null) {
        raw.put(key, new Raw(value.strip(), key.envVar));
      }
    }
  }

  private AgentConfig build() throws ConfigException {
    Endpoint endpoint = required(Key.ENDPOINT, Endpoint::parse);
    String token = optional(Key.TOKEN, AgentConfigLoader::token);
    String caSha256 = optional(Key.CA_SHA256, text -> {
      try {
        return Fingerprints.normalise(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected 64 hex digits (colons allowed), got \"" + text + "\"");
      }
    });
    X509Certificate ca = optional(Key.CA_FILE, AgentConfigLoader::caFile);
    if (ca != null && caSha256 != null && !Fingerprints.sha256(ca).equals(caSha256)) {
      problems.add(Key.CA_FILE.fileKey + ": the certificate's SHA-256 " + Fingerprints.sha256(ca)
          + " does not match ca-sha256 " + caSha256);
    }
    Path stateDir = optional(Key.STATE_DIR, Path::of);
    String level = optional(Key.LOG_LEVEL, text -> {
      String lower = text.toLowerCase(Locale.ROOT);
      if (!LEVELS.contains(lower)) {
        throw new IllegalArgumentException("expected one of error, warn, info, debug, trace, got \"" + text + "\"");
      }
      return lower;
    });
    Duration base = optional(Key.RECONNECT_BASE, AgentConfigLoader::duration);
    Duration cap = optional(Key.RECONNECT_CAP, AgentConfigLoader::duration);
    base = base != null ? base : Backoff.DEFAULT.base();
    cap = cap != null ? cap : Backoff.DEFAULT.cap();
    if (cap.compareTo(base) < 0) {
      problems.add(Key.RECONNECT_CAP.fileKey + ": must not be shorter than reconnect-base (" + base.toMillis() + "ms), got "
          + cap.toMillis() + "ms");
    }
    String meshInterface = optional(Key.MESH_INTERFACE, AgentConfigLoader::interfaceName);
    Integer meshPort = optional(Key.MESH_PORT, AgentConfigLoader::port);
    List<TrustedKey> trustedKeys = optional(Key.TRUSTED_KEYS, AgentConfigLoader::trustedKeys);
    URI apiUrl = optional(Key.API_URL, AgentConfigLoader::apiUrl);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new AgentConfig(endpoint, token, caSha256, ca,
        stateDir != null ? stateDir : Path.of(DEFAULT_STATE_DIR), level != null ? level : "info",
        new Backoff(base, cap, Backoff.DEFAULT.resetAfter()),
        meshInterface != null ? meshInterface : DEFAULT_MESH_INTERFACE, meshPort != null ? meshPort : DEFAULT_MESH_PORT,
        trustedKeys != null ? trustedKeys : List.of(), apiUrl);
  }

  private <T> T required(Key key, Function<String, T> parse) {
    if (!raw.containsKey(key)) {
      problems.add(key.fileKey + ": missing (set it in the config file or " + key.envVar + ")");
      return null;
    }
    return optional(key, parse);
  }

  private <T> T optional(Key key, Function<String, T> parse) {
    Raw value = raw.get(key);
    if (value == null) {
      return null;
    }
    try {
      return parse.apply(value.value);
    } catch (IllegalArgumentException e) {
      problems.add(key.fileKey + ": " + e.getMessage() + " (from " + value.source + ")");
      return null;
    }
  }

  private static String token(String text) {
    // Never echo the value: it is a secret, even when malformed.
    if (text.isEmpty() || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("expected printable characters without spaces");
    }
    return text;
  }

  private static X509Certificate caFile(String text) {
    Path path = Path.of(text);
    try {
      return Pem.certificate(Files.readString(path, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + " is not a PEM certificate");
    }
  }

  private static String interfaceName(String text) {
    if (!INTERFACE.matcher(text).matches() || text.equals(".") || text.equals("..")) {
      throw new IllegalArgumentException("expected an interface name of 1 to 15 letters, digits, '_', '-' or '.', got \"" + text + "\"");
    }
    return text;
  }

  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
      throw new IllegalArgumentException("expected a UDP port 1..65535, got \"" + text + "\"");
    }
    return Integer.parseInt(text);
  }

  /** The control plane's HTTP address, where packages are downloaded from: http(s), no path beyond "/", no query. */
  private static URI apiUrl(String text) {
    String url = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null && uri.getRawQuery() == null
          && uri.getRawFragment() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Refused below with the value.
    }
    throw new IllegalArgumentException("expected the control plane's address as http(s)://host[:port], got \"" + text + "\"");
  }

  /** {@code id:base64, id:base64}: the raw Ed25519 public keys of the operator's package signing keys. */
  private static List<TrustedKey> trustedKeys(String text) {
    List<TrustedKey> keys = new ArrayList<>();
    String[] entries = text.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      int colon = entry.indexOf(':');
      try {
        if (colon <= 0) {
          throw new IllegalArgumentException("not id:key");
        }
        keys.add(new TrustedKey(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("entry " + (i + 1) + " \"" + entry + "\": " + e.getMessage()
            + " (expected id:key, the key the raw 32-byte Ed25519 public key in Base64, entries separated by commas)");
      }
    }
    return List.copyOf(keys);
  }

  private static Duration duration(String text) {
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw new IllegalArgumentException("expected a positive duration like 500ms, 1s or 2m, got \"" + text + "\"");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private static Key byFileKey(String name) {
    for (Key key : Key.values()) {
      if (key.fileKey.equals(name)) {
        return key;
      }
    }
    return null;
  }

  private static String knownKeys() {
    List<String> names = new ArrayList<>();
    for (Key key : Key.values()) {
      names.add(key.fileKey);
    }
    return String.join(", ", names);
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  private static String nonEmpty(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

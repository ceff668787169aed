package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a configuration may be applied, before anything on the machine is touched. Each
 * problem names the field it is about ({@code peers[2].allowedIps[0]: ...}), so that the control
 * plane's operator can find it in the revision without reading agent logs.
 */
public final class MeshConfigValidator {
  /** WireGuard's own default, used when the configuration says 0. */
  public static final int DEFAULT_MTU = 1420;
  /** The IPv6 minimum: a smaller tunnel MTU breaks IPv6 over the mesh outright. */
  static final int MIN_MTU = 1280;
  static final int MAX_MTU = 9000;
  private static final int MAX_REPORTED = 10;

  private final String hostPublicKey;

  public MeshConfigValidator(String hostPublicKey) {
    this.hostPublicKey = hostPublicKey;
  }

  /** The problems with {@code config} on a host with {@code underlay} routes; empty when it may be applied. */
  public List<String> problems(WireGuardConfig config, List<Route> underlay) {
    List<String> problems = new ArrayList<>();
    if (config == null) {
      return List.of("config: missing");
    }
    if (config.publicKey() == null || !config.publicKey().equals(hostPublicKey)) {
      problems.add("publicKey: " + config.publicKey() + " is not this host's key " + hostPublicKey
          + " (the control plane has a stale mesh identity for the host)");
    }
    if (config.listenPort() < 1 || config.listenPort() > 65535) {
      problems.add("listenPort: " + config.listenPort() + " is not a port 1..65535");
    }
    if (config.mtu() != 0 && (config.mtu() < MIN_MTU || config.mtu() > MAX_MTU)) {
      problems.add("mtu: " + config.mtu() + " is outside " + MIN_MTU + ".." + MAX_MTU + " (0 means " + DEFAULT_MTU + ")");
    }
    int before = problems.size();
    List<IpPrefix> networks = networks(config.networks(), underlay, problems);
    // With a network unreadable, "outside every network" would be said of every address: noise that hides the cause.
    boolean placeable = problems.size() == before;
    List<IpPrefix> own = addresses(config.addresses(), networks, placeable, problems);
    new PeerChecks(networks, placeable, own, problems).check(config.peers());
    return summarised(problems);
  }

  private static List<IpPrefix> networks(List<String> texts, List<Route> underlay, List<String> problems) {
    List<IpPrefix> networks = new ArrayList<>();
    List<String> list = texts == null ? List.of() : texts;
    for (int i = 0; i < list.size(); i++) {
      String field = "networks[" + i + "]";
      IpPrefix network;
      try {
        network = IpPrefix.parse(list.get(i), false);
      } catch (IllegalArgumentException e) {
        problems.add(field + ": " + e.getMessage());
        continue;
      }
      if (!network.isNetwork()) {
        problems.add(field + ": " + list.get(i) + " has host bits set (did you mean " + network.network() + "?)");
        continue;
      }
      if (network.length() == 0) {
        problems.add(field + ": " + network + " would route every address through the mesh");
        continue;
      }
      networks.add(network);
      for (Route route : underlay) {
        if (route.destination().length() > 0 && !"multicast".equals(route.type()) && route.destination().overlaps(network)) {
          problems.add(field + ": " + network + " overlaps the host's route " + route + "; the overlay would take over "
              + "underlay traffic (choose a CIDR the host does not use)");
          break;
        }
      }
    }
    return networks;
  }

  private static List<IpPrefix> addresses(List<String> texts, List<IpPrefix> networks, boolean placeable, List<String> problems) {
    List<IpPrefix> own = new ArrayList<>();
    List<String> list = texts == null ? List.of() : texts;
    for (int i = 0; i < list.size(); i++) {
      String field = "addresses[" + i + "]";
      IpPrefix address;
      try {
        address = IpPrefix.parse(list.get(i), false);
      } catch (IllegalArgumentException e) {
        problems.add(field + ": " + e.getMessage());
        continue;
      }
      if (placeable && networks.stream().noneMatch(network -> network.contains(address.addressOnly()))) {
        problems.add(field + ": " + list.get(i) + " lies outside every network " + networks);
      } else if (own.contains(address.addressOnly())) {
        problems.add(field + ": " + address.addressText() + " is listed twice");
      }
      own.add(address.addressOnly());
    }
    return own;
  }

  /** Peers need the networks and own addresses already checked; one instance per validation. */
  private final class PeerChecks {
    private final List<IpPrefix> networks;
    private final boolean placeable;
    private final List<IpPrefix> own;
    private final List<String> problems;
    private final Map<String, Integer> keys = new HashMap<>();
    private final Map<IpPrefix, Integer> allowedIps = new HashMap<>();

    PeerChecks(List<IpPrefix> networks, boolean placeable, List<IpPrefix> own, List<String> problems) {
      this.networks = networks;
      this.placeable = placeable;
      this.own = own;
      this.problems = problems;
    }

    void check(List<WireGuardPeer> peers) {
      List<WireGuardPeer> list = peers == null ? List.of() : peers;
      for (int i = 0; i < list.size(); i++) {
        WireGuardPeer peer = list.get(i);
        String field = "peers[" + i + "]";
        if (peer == null) {
          problems.add(field + ": missing");
          continue;
        }
        key(field, i, peer.publicKey());
        endpoint(field + ".endpoint", peer.endpoint());
        allowedIps(field, i, peer.allowedIps());
        if (peer.persistentKeepaliveSeconds() < 0 || peer.persistentKeepaliveSeconds() > 65535) {
          problems.add(field + ".persistentKeepaliveSeconds: " + peer.persistentKeepaliveSeconds() + " is outside 0..65535");
        }
      }
    }

    private void key(String field, int index, String key) {
      if (!WireGuardKeys.isValid(key)) {
        problems.add(field + ".publicKey: " + key + " is not a WireGuard key (44 characters of base64 for 32 bytes)");
      } else if (key.equals(hostPublicKey)) {
        problems.add(field + ".publicKey: is this host's own key; a host is never its own peer");
      } else {
        Integer earlier = keys.putIfAbsent(key, index);
        if (earlier != null) {
          problems.add(field + ".publicKey: " + key + " is also peers[" + earlier + "]'s");
        }
      }
    }

    private void endpoint(String field, String endpoint) {
      if (endpoint == null) {
        return;
      }
      try {
        Endpoint parsed = Endpoint.parse(endpoint);
        if (parsed.address() != null) {
          for (IpPrefix network : networks) {
            if (network.contains(parsed.address())) {
              problems.add(field + ": " + endpoint + " lies inside the overlay network " + network
                  + "; the tunnel's own packets would be routed into the tunnel");
              break;
            }
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(field + ": " + e.getMessage());
      }
    }

    private void allowedIps(String peerField, int index, List<String> texts) {
      if (texts == null || texts.isEmpty()) {
        problems.add(peerField + ".allowedIps: empty; a peer needs at least its overlay address");
        return;
      }
      for (int j = 0; j < texts.size(); j++) {
        String field = peerField + ".allowedIps[" + j + "]";
        IpPrefix ip;
        try {
          ip = IpPrefix.parse(texts.get(j), true);
        } catch (IllegalArgumentException e) {
          problems.add(field + ": " + e.getMessage());
          continue;
        }
        if (!ip.isSingleAddress()) {
          problems.add(field + ": " + ip + " is not a single address (/32 or /128)");
        } else if (placeable && networks.stream().noneMatch(network -> network.contains(ip))) {
          problems.add(field + ": " + ip + " lies outside every network " + networks);
        } else if (own.contains(ip)) {
          problems.add(field + ": " + ip + " is this host's own address");
        } else {
          Integer earlier = allowedIps.putIfAbsent(ip, index);
          if (earlier != null && earlier != index) {
            problems.add(field + ": " + ip + " is also peers[" + earlier + "]'s; WireGuard would route it to only one of them");
          }
        }
      }
    }
  }

  private static List<String> summarised(List<String> problems) {
    if (problems.size() <= MAX_REPORTED) {
      return List.copyOf(problems);
    }
    List<String> first = new ArrayList<>(problems.subList(0, MAX_REPORTED));
    first.add("and " + (problems.size() - MAX_REPORTED) + " more problems");
    return List.copyOf(first);
  }
}

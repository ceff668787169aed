package dev.loopback.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.protocol.messages.WireGuardPeer;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MeshConfigValidatorTest {
  private static final HostKey HOST = HostKey.generate();
  private static final String PEER_A = MeshConfigs.newPeerKey();
  private static final String PEER_B = MeshConfigs.newPeerKey();
  private static final List<Route> UNDERLAY = List.of(
      route("192.0.2.0/24", "eth0", null, null),
      route("172.16.0.0/12", "docker0", null, null),
      route("192.0.2.5", "eth0", "local", "local"),
      route("127.0.0.0/8", "lo", "local", "local"),
      route("fe80::/64", "eth0", null, null),
      route("ff00::/8", "eth0", "local", "multicast"));
  private final MeshConfigValidator validator = new MeshConfigValidator(HOST.publicKey());

  @Test
  void acceptsAValidConfiguration() {
    MeshConfigs config = new MeshConfigs(HOST, PEER_A, PEER_B);
    config.peer(0, new WireGuardPeer(PEER_A, "peer-a.example.com:51820", List.of("10.90.0.2/32", "fd42::2/128"), 0));
    config.peer(1, new WireGuardPeer(PEER_B, null, List.of("10.90.0.3"), 25));
    config.networks.add("fd42::/64");
    config.addresses.add("fd42::1/64");
    config.mtu = 1280;

    assertThat(validator.problems(config.build(), UNDERLAY)).isEmpty();
  }

  @Test
  void acceptsAHostThatLeftEveryNetwork() {
    MeshConfigs config = new MeshConfigs(HOST);
    config.addresses.clear();
    config.networks.clear();

    assertThat(validator.problems(config.build(), UNDERLAY)).isEmpty();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("another host's public key", "publicKey: ", c -> c.publicKey = PEER_A),
        refusal("listen port 0", "listenPort: ", c -> c.listenPort = 0),
        refusal("listen port 65536", "listenPort: ", c -> c.listenPort = 65536),
        refusal("mtu below IPv6's minimum", "mtu: ", c -> c.mtu = 1279),
        refusal("mtu above jumbo frames", "mtu: ", c -> c.mtu = 9001),
        refusal("a network with host bits", "networks[0]: ", c -> c.networks.set(0, "10.90.0.1/16")),
        refusal("a network that is no CIDR", "networks[0]: ", c -> c.networks.set(0, "ten.ninety/16")),
        refusal("a network without length", "networks[0]: ", c -> c.networks.set(0, "10.90.0.0")),
        refusal("a /0 network", "networks[1]: ", c -> c.networks.add("0.0.0.0/0")),
        refusal("a network over an underlay route", "networks[1]: ", c -> c.networks.add("172.0.0.0/8")),
        refusal("a network inside an underlay route", "networks[1]: ", c -> c.networks.add("172.17.0.0/16")),
        refusal("a network over the host's own address", "networks[1]: ", c -> c.networks.add("192.0.2.4/30")),
        refusal("an address outside the networks", "addresses[0]: ", c -> c.addresses.set(0, "10.91.0.1/16")),
        refusal("an address without prefix", "addresses[0]: ", c -> c.addresses.set(0, "10.90.0.1")),
        refusal("an address twice", "addresses[1]: ", c -> c.addresses.add("10.90.0.1/24")),
        refusal("a peer key that is no key", "peers[1].publicKey: ", c -> c.peer(1, peer(c.peer(1), "abc", null, null))),
        refusal("a peer key of 31 bytes", "peers[1].publicKey: ", c -> c.peer(1, peer(c.peer(1), "A".repeat(42) + "==", null, null))),
        refusal("the host's own key as a peer", "peers[1].publicKey: ", c -> c.peer(1, peer(c.peer(1), HOST.publicKey(), null, null))),
        refusal("one key on two peers", "peers[1].publicKey: ", c -> c.peer(1, peer(c.peer(1), PEER_A, null, null))),
        refusal("an endpoint without port", "peers[0].endpoint: ", c -> c.peer(0, peer(c.peer(0), null, "192.0.2.10", null))),
        refusal("an endpoint with port 0", "peers[0].endpoint: ", c -> c.peer(0, peer(c.peer(0), null, "192.0.2.10:0", null))),
        refusal("an IPv6 endpoint without brackets", "peers[0].endpoint: ", c -> c.peer(0, peer(c.peer(0), null, "fd00::1:51820", null))),
        refusal("an endpoint that is no address", "peers[0].endpoint: ", c -> c.peer(0, peer(c.peer(0), null, "10.0.0.256:51820", null))),
        refusal("an endpoint inside the overlay", "peers[0].endpoint: ", c -> c.peer(0, peer(c.peer(0), null, "10.90.7.7:51820", null))),
        refusal("no allowed IPs", "peers[0].allowedIps: ", c -> c.peer(0, peer(c.peer(0), null, null, List.of()))),
        refusal("an allowed IP range", "peers[0].allowedIps[0]: ", c -> c.peer(0, peer(c.peer(0), null, null, List.of("10.90.1.0/24")))),
        refusal("an allowed IP outside the networks", "peers[0].allowedIps[0]: ",
            c -> c.peer(0, peer(c.peer(0), null, null, List.of("10.91.0.2/32")))),
        refusal("the host's own address as allowed IP", "peers[0].allowedIps[0]: ",
            c -> c.peer(0, peer(c.peer(0), null, null, List.of("10.90.0.1/32")))),
        refusal("one allowed IP on two peers", "peers[1].allowedIps[0]: ",
            c -> c.peer(1, peer(c.peer(1), null, null, List.of("10.90.0.2/32")))),
        refusal("an allowed IP that is no address", "peers[0].allowedIps[1]: ",
            c -> c.peer(0, peer(c.peer(0), null, null, List.of("10.90.0.2/32", "10.90.0.x/32")))),
        refusal("a negative keepalive", "peers[0].persistentKeepaliveSeconds: ",
            c -> c.peer(0, new WireGuardPeer(PEER_A, null, List.of("10.90.0.2/32"), -1))),
        refusal("a missing peer", "peers[1]: ", c -> c.peers.set(1, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesNamingTheField(Consumer<MeshConfigs> change, String field) {
    MeshConfigs config = new MeshConfigs(HOST, PEER_A, PEER_B);
    change.accept(config);

    List<String> problems = validator.problems(config.build(), UNDERLAY);

    assertThat(problems).singleElement().asString().startsWith(field);
  }

  @Test
  void refusesAMissingConfiguration() {
    assertThat(validator.problems(null, UNDERLAY)).containsExactly("config: missing");
  }

  @Test
  void reportsEveryProblemButNoMoreThanTen() {
    MeshConfigs config = new MeshConfigs(HOST);
    for (int i = 0; i < 15; i++) {
      config.peers.add(new WireGuardPeer("bad-" + i, null, List.of("10.90.1." + i + "/32"), 0));
    }

    List<String> problems = validator.problems(config.build(), UNDERLAY);

    assertThat(problems).hasSize(11).last().isEqualTo("and 5 more problems");
  }

  private static Arguments refusal(String name, String field, Consumer<MeshConfigs> change) {
    return Arguments.of(Named.of(name, change), field);
  }

  /** {@code peer} with one of key, endpoint or allowed IPs replaced (null keeps it). */
  private static WireGuardPeer peer(WireGuardPeer peer, String key, String endpoint, List<String> allowedIps) {
    return new WireGuardPeer(key != null ? key : peer.publicKey(), endpoint != null ? endpoint : peer.endpoint(),
        allowedIps != null ? allowedIps : peer.allowedIps(), peer.persistentKeepaliveSeconds());
  }

  private static Route route(String destination, String device, String table, String type) {
    return new Route(IpPrefix.parse(destination, true), device, table, type);
  }
}

package dev.loopback.agent.mesh;

import static dev.loopback.agent.mesh.ScriptedRunner.fail;
import static dev.loopback.agent.mesh.ScriptedRunner.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WgToolsBackendTest {
  private static final HostKey HOST = HostKey.generate();
  private static final String PEER = MeshConfigs.newPeerKey();
  private static final CommandResult ABSENT = fail(1, "Device \"lbmesh0\" does not exist.\n");
  private static final String ROUTES = """
      [{"dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]},
       {"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.2","flags":[]},
       {"dst":"10.80.0.0/16","dev":"lbmesh0","scope":"link","flags":[]},
       {"dst":"fe80::/64","dev":"lbmesh0","protocol":"kernel","metric":256,"flags":[]},
       {"type":"local","dst":"10.90.0.1","dev":"lbmesh0","table":"local","protocol":"kernel","scope":"host","flags":[]},
       {"type":"local","dst":"192.0.2.2","dev":"eth0","table":"local","protocol":"kernel","scope":"host","flags":[]},
       {"type":"multicast","dst":"ff00::/8","dev":"eth0","table":"local","protocol":"kernel","flags":[]}]""";
  @TempDir
  Path mesh;

  @Test
  void createsAKernelInterfaceAndConfiguresItWithoutTheKeyOnAnyCommandLine() {
    ScriptedRunner runner = new ScriptedRunner()
        .on("ip -d -j address show dev lbmesh0", ABSENT, ok(link("wireguard", false, 1420)))
        .on("ip -j route show table all", ok("[]"));
    WgToolsBackend backend = new WgToolsBackend(runner, "lbmesh0", mesh);

    backend.apply(new MeshConfigs(HOST, PEER).build(), HOST);

    assertThat(runner.lines()).containsSubsequence(
        "ip link add dev lbmesh0 type wireguard",
        "wg syncconf lbmesh0 " + runner.syncconfPaths.get(0),
        "ip address replace 10.90.0.1/16 dev lbmesh0 noprefixroute",
        "ip link set dev lbmesh0 up",
        "ip route replace 10.90.0.0/16 dev lbmesh0");
    assertThat(runner.lines()).noneMatch(line -> line.contains(HOST.privateKey())).noneMatch(line -> line.startsWith("wireguard-go"));
    assertThat(runner.syncconfModes).containsExactly("rw-------");
    assertThat(runner.syncconfFiles.get(0)).isEqualTo("""
        [Interface]
        PrivateKey = %s
        ListenPort = 51820

        [Peer]
        PublicKey = %s
        Endpoint = 192.0.2.10:51820
        AllowedIPs = 10.90.0.2/32
        PersistentKeepalive = 25
        """.formatted(HOST.privateKey(), PEER));
    assertThat(runner.syncconfPaths.get(0).getParent()).isEqualTo(mesh);
    assertThat(Files.exists(runner.syncconfPaths.get(0))).as("the file with the key is gone").isFalse();
  }

  @Test
  void fallsBackToWireguardGoWhenTheKernelHasNoWireGuardAndKeepsToIt() {
    ScriptedRunner runner = new ScriptedRunner()
        .on("ip -d -j address show dev lbmesh0", ABSENT, ok(link("tun", true, 1420)), ABSENT, ok(link("tun", true, 1420)))
        .on("ip link add", fail(2, "Error: Unknown device type.\n"))
        .on("ip -j route show table all", ok("[]"));
    WgToolsBackend backend = new WgToolsBackend(runner, "lbmesh0", mesh);

    backend.apply(new MeshConfigs(HOST, PEER).build(), HOST);
    backend.apply(new MeshConfigs(HOST, PEER).build(), HOST);

    assertThat(runner.lines()).filteredOn(line -> line.startsWith("ip link add")).hasSize(1);
    assertThat(runner.lines()).filteredOn(line -> line.equals("wireguard-go lbmesh0")).hasSize(2);
  }

  @Test
  void doesNotFallBackWhenTheKernelRefusesForAnotherReason() {
    ScriptedRunner runner = new ScriptedRunner()
        .on("ip -d -j address show dev lbmesh0", ABSENT)
        .on("ip link add", fail(2, "RTNETLINK answers: Operation not permitted\n"));
    WgToolsBackend backend = new WgToolsBackend(runner, "lbmesh0", mesh);

    assertThatThrownBy(() -> backend.apply(new MeshConfigs(HOST, PEER).build(), HOST))
        .isInstanceOf(MeshBackendException.class).hasMessageContaining("Operation not permitted");
    assertThat(runner.lines()).noneMatch(line -> line.startsWith("wireguard-go"));
  }

  @Test
  void changesALiveInterfaceOnlyWhereItDiffersAndNeverRecreatesIt() {
    ScriptedRunner runner = new ScriptedRunner()
        .on("ip -d -j address show dev lbmesh0", ok(link("wireguard", true, 1420,
            "{\"family\":\"inet\",\"local\":\"10.80.0.1\",\"prefixlen\":16,\"scope\":\"global\"}",
            "{\"family\":\"inet\",\"local\":\"10.90.0.1\",\"prefixlen\":16,\"scope\":\"global\"}")))
        .on("ip -j route show table all", ok(ROUTES));
    WgToolsBackend backend = new WgToolsBackend(runner, "lbmesh0", mesh);
    MeshConfigs config = new MeshConfigs(HOST, PEER);
    config.mtu = 1380;

    backend.apply(config.build(), HOST);

    assertThat(runner.lines()).noneMatch(line -> line.startsWith("ip link add") || line.startsWith("ip link del"))
        .noneMatch(line -> line.startsWith("ip link set dev lbmesh0 up"))
        .contains("ip link set dev lbmesh0 mtu 1380",
            "ip address del 10.80.0.1/16 dev lbmesh0",
            "ip route replace 10.90.0.0/16 dev lbmesh0",
            "ip route del 10.80.0.0/16 dev lbmesh0")
        .noneMatch(line -> line.startsWith("ip address replace 10.90.0.1/16"))
        .noneMatch(line -> line.contains("fe80::/64"));
  }

  @Test
  void refusesToTakeOverAnInterfaceThatIsNotWireGuard() {
    ScriptedRunner runner = new ScriptedRunner().on("ip -d -j address show dev lbmesh0", ok(link("bridge", true, 1500)));

    assertThatThrownBy(() -> new WgToolsBackend(runner, "lbmesh0", mesh).apply(new MeshConfigs(HOST, PEER).build(), HOST))
        .hasMessageContaining("is a bridge device, not WireGuard");
    assertThat(runner.lines()).noneMatch(line -> line.startsWith("wg ") || line.startsWith("ip address"));
  }

  @Test
  void scrubsThePrivateKeyFromWhatWgSaysWhenItFails() {
    ScriptedRunner runner = new ScriptedRunner()
        .on("ip -d -j address show dev lbmesh0", ok(link("wireguard", true, 1420)))
        .on("wg syncconf", fail(1, "Line unrecognized: `PrivateKey=" + HOST.privateKey() + "'\n"));

    assertThatThrownBy(() -> new WgToolsBackend(runner, "lbmesh0", mesh).apply(new MeshConfigs(HOST, PEER).build(), HOST))
        .hasMessageContaining("<private key>").hasMessageNotContaining(HOST.privateKey());
    assertThat(runner.syncconfPaths).allMatch(file -> !Files.exists(file));
  }

  @Test
  void readsTheInterfaceBackFromIpAndWg() {
    ScriptedRunner runner = new ScriptedRunner()
        .on("ip -d -j address show dev lbmesh0", ok(link("tun", true, 1420)))
        .on("wg show lbmesh0 dump", ok(HOST.privateKey() + "\t" + HOST.publicKey() + "\t51820\toff\n"
            + PEER + "\t(none)\t192.0.2.10:51820\t10.90.0.2/32,fd42::2/128\t1795342607\t316\t372\t25\n"));

    InterfaceState state = new WgToolsBackend(runner, "lbmesh0", mesh).read().orElseThrow();

    assertThat(state.index()).isEqualTo(3);
    assertThat(state.up()).isTrue();
    assertThat(state.addresses()).containsExactly(IpPrefix.parse("10.80.0.1/16", false));
    assertThat(state.publicKey()).isEqualTo(HOST.publicKey());
    assertThat(state.listenPort()).isEqualTo(51820);
    assertThat(state.peers()).containsExactly(new InterfaceState.Peer(PEER, "192.0.2.10:51820",
        List.of(IpPrefix.parse("10.90.0.2/32", false), IpPrefix.parse("fd42::2/128", false)), Instant.ofEpochSecond(1795342607),
        316, 25));
  }

  @Test
  void readsNothingWhenTheInterfaceIsAbsentAndRemovesNothing() {
    ScriptedRunner runner = new ScriptedRunner().on("ip -d -j address show dev lbmesh0", ABSENT);
    WgToolsBackend backend = new WgToolsBackend(runner, "lbmesh0", mesh);

    assertThat(backend.read()).isEmpty();
    backend.remove();

    assertThat(runner.lines()).noneMatch(line -> line.startsWith("ip link del") || line.startsWith("wg"));
  }

  @Test
  void takesTheUnderlayFromEveryOtherDevice() {
    ScriptedRunner runner = new ScriptedRunner().on("ip -j route show table all", ok(ROUTES));

    List<Route> underlay = new WgToolsBackend(runner, "lbmesh0", mesh).underlayRoutes();

    assertThat(underlay).extracting(route -> route.destination().toString())
        .containsExactly("192.0.2.0/24", "192.0.2.2/32", "ff00::/8");
  }

  @Test
  void probesThroughTheRunnerWithTheAddressAsAnArgumentNotAsScript() throws Exception {
    ScriptedRunner runner = new ScriptedRunner();

    new WgToolsBackend(runner, "lbmesh0", mesh).probe(IpPrefix.parse("10.90.0.2", true).inetAddress());

    assertThat(runner.commands).singleElement().satisfies(command -> {
      assertThat(command.subList(0, 2)).containsExactly("bash", "-c");
      assertThat(command.get(2)).doesNotContain("10.90.0.2");
      assertThat(command.get(command.size() - 1)).isEqualTo("10.90.0.2");
    });
  }

  /** {@code ip -d -j address show} of the interface with 10.80.0.1/16 and a link-local address. */
  private static String link(String kind, boolean up, int mtu) {
    return link(kind, up, mtu, "{\"family\":\"inet\",\"local\":\"10.80.0.1\",\"prefixlen\":16,\"scope\":\"global\"}");
  }

  private static String link(String kind, boolean up, int mtu, String... addresses) {
    return """
        [{"ifindex":3,"ifname":"lbmesh0","flags":["POINTOPOINT","NOARP"%s],"mtu":%d,"operstate":"UNKNOWN",
          "linkinfo":{"info_kind":"%s"},
          "addr_info":[%s,{"family":"inet6","local":"fe80::8b6d:1c13:eb:2f4f","prefixlen":64,"scope":"link"}]}]
        """.formatted(up ? ",\"UP\",\"LOWER_UP\"" : "", mtu, kind, String.join(",", addresses));
  }
}

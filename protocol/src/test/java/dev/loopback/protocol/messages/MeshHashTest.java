package dev.loopback.protocol.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeshHashTest {
  private static final WireGuardPeer B = new WireGuardPeer("B".repeat(43) + "=", "192.0.2.2:51820", List.of("10.90.0.2/32", "10.91.0.2/32"), 25);
  private static final WireGuardPeer C = new WireGuardPeer("C".repeat(43) + "=", null, List.of("10.90.0.3/32"), 25);
  private static final WireGuardConfig A = new WireGuardConfig("A".repeat(43) + "=", 51820, 1380, List.of("10.90.0.1/24"),
      List.of("10.90.0.0/24", "10.91.0.0/24"), List.of(B, C));

  @Test
  void ignoresTheOrderOfPeersAndOfAllowedIps() {
    WireGuardPeer reordered = new WireGuardPeer(B.publicKey(), B.endpoint(), List.of("10.91.0.2/32", "10.90.0.2/32"), 25);
    WireGuardConfig same = new WireGuardConfig(A.publicKey(), 51820, 1380, A.addresses(), List.of("10.91.0.0/24", "10.90.0.0/24"),
        List.of(C, reordered));
    assertThat(MeshHash.text(same)).isEqualTo(MeshHash.text(A)).startsWith("msha256:").hasSize(8 + 64);
  }

  @Test
  void changesWithAnyField() {
    assertThat(MeshHash.text(withPeers(List.of(B)))).isNotEqualTo(MeshHash.text(A));
    assertThat(MeshHash.text(withPeers(List.of(B, new WireGuardPeer(C.publicKey(), null, C.allowedIps(), 0)))))
        .isNotEqualTo(MeshHash.text(A));
    assertThat(MeshHash.text(new WireGuardConfig(A.publicKey(), 51820, 1420, A.addresses(), A.networks(), A.peers())))
        .isNotEqualTo(MeshHash.text(A));
  }

  @Test
  void isKeptCurrentPeerByPeer() {
    MeshHash withoutC = MeshHash.of(withPeers(List.of(B)));
    assertThat(withoutC.plus(C)).isEqualTo(MeshHash.of(A));
    assertThat(MeshHash.of(A).minus(C)).isEqualTo(withoutC);
    assertThat(MeshHash.parse(MeshHash.text(A))).isEqualTo(MeshHash.of(A));
  }

  @Test
  void aDeltaBringsTheBaseToTheTarget() {
    WireGuardPeer movedB = new WireGuardPeer(B.publicKey(), "192.0.2.9:51820", B.allowedIps(), 25);
    WireGuardPeer d = new WireGuardPeer("D".repeat(43) + "=", null, List.of("10.90.0.4/32"), 25);
    MeshDelta delta = new MeshDelta(1, MeshHash.text(A), List.of(movedB, d), List.of(C.publicKey()));
    WireGuardConfig target = withPeers(List.of(movedB, d));
    assertThat(MeshHash.of(delta.applyTo(A))).isEqualTo(MeshHash.of(target));
    assertThat(delta.applyTo(A).peers()).containsExactlyInAnyOrder(movedB, d);
  }

  @Test
  void refusesADeltaThatNamesOnePeerTwice() {
    MeshDelta twice = new MeshDelta(1, MeshHash.text(A), List.of(C, C), List.of());
    assertThatThrownBy(() -> twice.applyTo(A)).hasMessageContaining("delta.upserts").hasMessageContaining(C.publicKey());
    assertThatThrownBy(() -> MeshHash.parse("sha256:00")).hasMessageContaining("not a mesh hash");
  }

  private static WireGuardConfig withPeers(List<WireGuardPeer> peers) {
    return new WireGuardConfig(A.publicKey(), A.listenPort(), A.mtu(), A.addresses(), A.networks(), peers);
  }
}

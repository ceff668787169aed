package dev.loopback.activities.providers.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubnetTest {

  @Test
  void givesTheBridgeTheFirstAddressAndMachinesTheFollowingOnes() throws Exception {
    Subnet subnet = Subnet.parse("10.213.0.0/16");

    assertThat(subnet.bridgeAddress()).isEqualTo(InetAddress.getByName("10.213.0.1"));
    assertThat(subnet.firstFree(List.of())).contains(InetAddress.getByName("10.213.0.2"));
    assertThat(subnet.withPrefix(subnet.bridgeAddress())).isEqualTo("10.213.0.1/16");
  }

  @Test
  void takesTheLowestFreeAddressSoThatDestroyedMachinesAddressesAreReused() throws Exception {
    Subnet subnet = Subnet.parse("10.214.7.0/24");
    List<InetAddress> used = List.of(InetAddress.getByName("10.214.7.2"), InetAddress.getByName("10.214.7.4"));

    assertThat(subnet.firstFree(used)).contains(InetAddress.getByName("10.214.7.3"));
  }

  @Test
  void countsAcrossOctetBoundaries() throws Exception {
    Subnet subnet = Subnet.parse("10.213.0.0/16");
    List<InetAddress> used = new java.util.ArrayList<>();
    for (int i = 2; i <= 255; i++) {
      used.add(InetAddress.getByName("10.213.0." + i));
    }

    assertThat(subnet.firstFree(used)).contains(InetAddress.getByName("10.213.1.0"));
  }

  @Test
  void isFullWhenOnlyTheBroadcastAddressIsLeft() throws Exception {
    Subnet subnet = Subnet.parse("192.168.5.0/30"); // .1 bridge, .2 the one machine, .3 broadcast

    assertThat(subnet.firstFree(List.of(InetAddress.getByName("192.168.5.2")))).isEmpty();
  }

  @Test
  void knowsItsAddresses() throws Exception {
    Subnet subnet = Subnet.parse("10.214.7.0/24");

    assertThat(subnet.contains(InetAddress.getByName("10.214.7.200"))).isTrue();
    assertThat(subnet.contains(InetAddress.getByName("10.214.8.1"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.213.0.0", "10.213.0.1/16", "10.213.0.0/31", "10.213.0.0/4", "300.1.1.0/24", "fd00::/64", "lb0"})
  void rejectsWhatIsNotAnUsableIpv4Network(String cidr) {
    assertThatThrownBy(() -> Subnet.parse(cidr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback.providers.netns.cidr");
  }
}

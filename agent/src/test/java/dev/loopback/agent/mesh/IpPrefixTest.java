package dev.loopback.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
  @Test
  void comparesPrefixesBitByBit() {
    IpPrefix network = IpPrefix.parse("10.90.0.0/15", false);

    assertThat(network.contains(IpPrefix.parse("10.91.255.255", true))).isTrue();
    assertThat(network.contains(IpPrefix.parse("10.92.0.0", true))).isFalse();
    assertThat(network.overlaps(IpPrefix.parse("10.0.0.0/8", false))).isTrue();
    assertThat(network.overlaps(IpPrefix.parse("10.92.0.0/16", false))).isFalse();
    assertThat(network.contains(IpPrefix.parse("::ffff:10.90.0.1", true))).as("families never mix").isFalse();
    assertThat(IpPrefix.parse("fd42::/64", false).contains(IpPrefix.parse("fd42::0:0:0:7/128", false))).isTrue();
  }

  @Test
  void knowsNetworksFromAddressesInThem() {
    IpPrefix address = IpPrefix.parse("10.90.3.7/16", false);

    assertThat(address.isNetwork()).isFalse();
    assertThat(address.network()).isEqualTo(IpPrefix.parse("10.90.0.0/16", false));
    assertThat(address.addressOnly().isSingleAddress()).isTrue();
    assertThat(IpPrefix.parse("FD42:0::1/64", false).toString()).isEqualTo("fd42::1/64");
  }

  @Test
  void parsesLiteralsOnlyNeverNames() {
    assertThatThrownBy(() -> IpPrefix.parse("localhost/32", false)).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> IpPrefix.parse("fe80::1%eth0/64", false)).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/33", false)).hasMessageContaining("prefix length 0..32");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/", false)).hasMessageContaining("prefix length");
  }
}

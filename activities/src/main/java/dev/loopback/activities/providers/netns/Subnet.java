package dev.loopback.activities.providers.netns;

import dev.loopback.activities.providers.ProviderException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The machines' IPv4 subnet: the bridge holds the first host address, machines take the following
 * ones, lowest free first, up to the last before the broadcast address.
 */
record Subnet(int network, int prefixLength) {

  Subnet {
    if (prefixLength < 8 || prefixLength > 30) {
      throw new IllegalArgumentException("loopback.providers.netns.cidr needs a prefix length of 8..30, got /" + prefixLength);
    }
    if ((network & ~mask(prefixLength)) != 0) {
      throw new IllegalArgumentException("loopback.providers.netns.cidr has host bits set: "
          + format(network) + "/" + prefixLength + " (the network is " + format(network & mask(prefixLength)) + ")");
    }
  }

  static Subnet parse(String cidr) {
    String[] parts = cidr.strip().split("/", -1);
    if (parts.length != 2 || !parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}") || !parts[1].matches("\\d{1,2}")) {
      throw new IllegalArgumentException("loopback.providers.netns.cidr must be an IPv4 network like 10.213.0.0/16, got " + cidr);
    }
    int address = 0;
    for (String octet : parts[0].split("\\.")) {
      int value = Integer.parseInt(octet);
      if (value > 255) {
        throw new IllegalArgumentException("loopback.providers.netns.cidr has an octet above 255: " + cidr);
      }
      address = address << 8 | value;
    }
    return new Subnet(address, Integer.parseInt(parts[1]));
  }

  InetAddress bridgeAddress() {
    return address(network + 1);
  }

  /** The lowest machine address not in {@code used}; empty when the subnet is full. */
  Optional<InetAddress> firstFree(Collection<InetAddress> used) {
    Set<Integer> taken = used.stream().map(Subnet::toInt).collect(Collectors.toSet());
    int broadcast = network | ~mask(prefixLength);
    for (int candidate = network + 2; candidate != broadcast; candidate++) {
      if (!taken.contains(candidate)) {
        return Optional.of(address(candidate));
      }
    }
    return Optional.empty();
  }

  boolean contains(InetAddress address) {
    return address instanceof Inet4Address && (toInt(address) & mask(prefixLength)) == network;
  }

  /** {@code address/prefix}, as {@code ip addr add} wants it. */
  String withPrefix(InetAddress address) {
    return address.getHostAddress() + "/" + prefixLength;
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefixLength;
  }

  static InetAddress address(int value) {
    byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new ProviderException("impossible: 4 bytes are an IPv4 address", false, e);
    }
  }

  private static int toInt(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + address.getHostAddress());
    }
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  private static String format(int value) {
    return address(value).getHostAddress();
  }
}

package dev.loopback.agent.mesh;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address with a prefix length: {@code 10.90.0.7/16} (an address in its network),
 * {@code 10.90.0.0/16} (a network), {@code 10.90.0.7/32} (one address).
 *
 * <p>Parsed from literals only, never through {@link InetAddress#getByName}: that one falls back to
 * DNS for anything it does not recognise, and validation must neither block nor depend on a resolver.
 */
public final class IpPrefix {
  private final byte[] address;
  private final int length;

  private IpPrefix(byte[] address, int length) {
    this.address = address;
    this.length = length;
  }

  /** {@code address/length}; a bare address is a single-address prefix when {@code bareIsHost}, else refused. */
  public static IpPrefix parse(String text, boolean bareIsHost) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty");
    }
    int slash = text.indexOf('/');
    if (slash < 0 && !bareIsHost) {
      throw new IllegalArgumentException("\"" + text + "\" has no prefix length (address/length)");
    }
    byte[] bytes = literal(slash < 0 ? text : text.substring(0, slash));
    if (bytes == null) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
    }
    int bits = bytes.length * 8;
    int length = bits;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(digits) > bits) {
        throw new IllegalArgumentException("\"" + text + "\" has no prefix length 0.." + bits);
      }
      length = Integer.parseInt(digits);
    }
    return new IpPrefix(bytes, length);
  }

  /** The address of an IPv4 or IPv6 literal (no zone, no brackets), or null. */
  static byte[] literal(String text) {
    if (text.indexOf('%') >= 0 || text.indexOf('[') >= 0) {
      return null;
    }
    if (!NetUtil.isValidIpV4Address(text) && !NetUtil.isValidIpV6Address(text)) {
      return null;
    }
    return NetUtil.createByteArrayFromIpAddressString(text);
  }

  public static IpPrefix host(InetAddress address) {
    byte[] bytes = address.getAddress();
    return new IpPrefix(bytes, bytes.length * 8);
  }

  public boolean isIpv4() {
    return address.length == 4;
  }

  public int length() {
    return length;
  }

  /** True for a /32 or a /128. */
  public boolean isSingleAddress() {
    return length == address.length * 8;
  }

  /** True when the bits past the prefix length are all zero, as a route's destination must be. */
  public boolean isNetwork() {
    return Arrays.equals(address, masked());
  }

  /** The network this prefix lies in: {@code 10.90.0.7/16} gives {@code 10.90.0.0/16}. */
  public IpPrefix network() {
    return new IpPrefix(masked(), length);
  }

  /** The address alone, as a single-address prefix. */
  public IpPrefix addressOnly() {
    return new IpPrefix(address, address.length * 8);
  }

  /** True when every address of {@code other} is in this prefix (same family only). */
  public boolean contains(IpPrefix other) {
    if (other.address.length != address.length || other.length < length) {
      return false;
    }
    for (int bit = 0; bit < length; bit++) {
      if (bit(address, bit) != bit(other.address, bit)) {
        return false;
      }
    }
    return true;
  }

  public boolean overlaps(IpPrefix other) {
    return contains(other) || other.contains(this);
  }

  public InetAddress inetAddress() {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The address as {@code ip} prints it (RFC 5952 for IPv6), without the length. */
  public String addressText() {
    return NetUtil.bytesToIpAddress(address);
  }

  private byte[] masked() {
    byte[] network = address.clone();
    for (int bit = length; bit < network.length * 8; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return network;
  }

  private static int bit(byte[] bytes, int bit) {
    return (bytes[bit / 8] >>> (7 - bit % 8)) & 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpPrefix other && other.length == length && Arrays.equals(other.address, address);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(address) + length;
  }

  /** {@code address/length}, the form {@code ip} and {@code wg} accept. */
  @Override
  public String toString() {
    return addressText() + "/" + length;
  }
}

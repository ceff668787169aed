package dev.loopback.activities.mesh;

import dev.loopback.activities.errors.InvalidFieldException;

/** An IPv4 overlay CIDR as operators give it: {@code a.b.c.d/p}, host bits zero, prefix 8 to 30. */
public record Cidr(long base, int prefix) {

  public static Cidr parse(String field, String text) {
    if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
      throw new InvalidFieldException(field, field + " must be an IPv4 CIDR such as 10.90.0.0/16, got " + text);
    }
    String[] parts = text.split("/");
    int prefix = Integer.parseInt(parts[1]);
    long base = 0;
    for (String octet : parts[0].split("\\.")) {
      int value = Integer.parseInt(octet);
      if (value > 255) {
        throw new InvalidFieldException(field, field + " has an octet above 255: " + text);
      }
      base = base << 8 | value;
    }
    if (prefix < 8 || prefix > 30) {
      throw new InvalidFieldException(field, field + " prefix must be 8 to 30 (room for at least two hosts), got /" + prefix);
    }
    Cidr cidr = new Cidr(base, prefix);
    if ((base & ~cidr.mask()) != 0) {
      throw new InvalidFieldException(field, field + " has host bits set: did you mean " + cidr.normalized() + "?");
    }
    return cidr;
  }

  public boolean overlaps(Cidr other) {
    long mask = Math.min(prefix, other.prefix) == prefix ? mask() : other.mask();
    return (base & mask) == (other.base & mask);
  }

  long mask() {
    return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  private String normalized() {
    long network = base & mask();
    return (network >> 24 & 255) + "." + (network >> 16 & 255) + "." + (network >> 8 & 255) + "." + (network & 255) + "/" + prefix;
  }

  @Override
  public String toString() {
    return normalized();
  }
}

package dev.loopback.agent.mesh;

/**
 * One route of the host, as {@code ip -j route show table all} lists it.
 *
 * @param table null for the main table
 * @param type null for a unicast route; {@code local}, {@code broadcast}, {@code multicast}, ...
 */
public record Route(IpPrefix destination, String device, String table, String type) {
  @Override
  public String toString() {
    return destination + (device == null ? "" : " dev " + device) + (table == null ? "" : " table " + table);
  }
}

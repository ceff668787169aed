package dev.loopback.activities.providers.netns;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * What a machine's {@code machine.json} holds: enough to find all its pieces again after a
 * control-plane restart.
 *
 * @param address the machine's IPv4 address on the bridge
 * @param pid the init's outermost process (the {@code unshare} holding its namespaces), or null when
 *     powered off
 * @param startTimeMillis that process's start time, which tells it apart from a later process that
 *     reuses the pid
 * @param poweredOn whether the machine should be running: false only after a power OFF, so that an
 *     init that died on its own can be told apart
 */
record MachineRecord(
    String id,
    UUID hostId,
    String name,
    String address,
    String namespace,
    String veth,
    Long pid,
    Long startTimeMillis,
    boolean poweredOn) {

  static MachineRecord fresh(MachineId id, UUID hostId, String name, InetAddress address) {
    return new MachineRecord(id.value(), hostId, name, address.getHostAddress(), id.namespace(), id.hostVeth(),
        null, null, true);
  }

  MachineId machineId() {
    return new MachineId(id);
  }

  InetAddress inetAddress() {
    return Subnet.address(ByteBuffer.wrap(parseAddress(address)).getInt());
  }

  MachineRecord started(long pid, long startTimeMillis) {
    return new MachineRecord(id, hostId, name, address, namespace, veth, pid, startTimeMillis, true);
  }

  MachineRecord stopped() {
    return new MachineRecord(id, hostId, name, address, namespace, veth, null, null, false);
  }

  private static byte[] parseAddress(String dotted) {
    String[] octets = dotted.split("\\.");
    if (octets.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + dotted);
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(octets[i]);
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + dotted);
      }
      bytes[i] = (byte) octet;
    }
    return bytes;
  }
}

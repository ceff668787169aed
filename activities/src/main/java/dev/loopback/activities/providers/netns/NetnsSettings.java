package dev.loopback.activities.providers.netns;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code netns} compute provider ({@code loopback.providers.netns.*}).
 *
 * @param enabled creates the provider; it needs root and iproute2/util-linux on the control plane's host
 * @param bridge the host bridge every machine's veth joins; at most 15 characters
 * @param cidr the machines' subnet: the bridge takes its first address, machines the following ones.
 *     The bridge address is where machines reach the control plane.
 * @param dir where machines keep their state and disks ({@code machines/<id>/}); the api sets it to
 *     {@code ${loopback.data-dir}/netns}
 */
@ConfigurationProperties("loopback.providers.netns")
public record NetnsSettings(Boolean enabled, String bridge, String cidr, Path dir) {

  public NetnsSettings {
    enabled = enabled != null && enabled;
    bridge = bridge == null || bridge.isBlank() ? "lb0" : bridge;
    cidr = cidr == null || cidr.isBlank() ? "10.213.0.0/16" : cidr;
    dir = dir == null ? Path.of(".loopback", "netns") : dir;
    if (!bridge.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")) {
      throw new IllegalArgumentException("loopback.providers.netns.bridge must be 1-15 letters, digits, '_', '.' "
          + "or '-' (a Linux interface name), got " + bridge);
    }
    Subnet.parse(cidr); // fails with the key's name when malformed
  }
}

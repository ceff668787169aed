package dev.loopback.agent.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What {@code ip -j} prints, read into the few fields the mesh uses. */
final class IpJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IpJson() {
  }

  /**
   * One link from {@code ip -d -j address show dev <name>}.
   *
   * @param kind {@code wireguard} (kernel), {@code tun} (wireguard-go), or whatever else holds the name
   * @param addresses global-scope addresses only: the kernel gives every interface an IPv6 link-local one
   */
  record Link(int index, boolean up, int mtu, String kind, List<IpPrefix> addresses) {
  }

  static Link link(String json) {
    JsonNode links = read(json);
    if (!links.isArray() || links.size() != 1) {
      throw new IllegalArgumentException("expected one link in `ip -j address show` output, got " + links.size());
    }
    JsonNode link = links.get(0);
    boolean up = false;
    for (JsonNode flag : link.path("flags")) {
      up |= flag.asText().equals("UP");
    }
    List<IpPrefix> addresses = new ArrayList<>();
    for (JsonNode address : link.path("addr_info")) {
      String scope = address.path("scope").asText("global");
      if (address.has("local") && !scope.equals("link") && !scope.equals("host")) {
        addresses.add(IpPrefix.parse(address.get("local").asText() + "/" + address.path("prefixlen").asInt(), false));
      }
    }
    return new Link(link.path("ifindex").asInt(), up, link.path("mtu").asInt(),
        link.path("linkinfo").path("info_kind").asText(null), List.copyOf(addresses));
  }

  /** Routes from {@code ip -j route show table all}; default routes and destinations that are not prefixes are left out. */
  static List<Route> routes(String json) {
    List<Route> routes = new ArrayList<>();
    for (JsonNode route : read(json)) {
      String destination = route.path("dst").asText("default");
      if (destination.equals("default")) {
        continue;
      }
      IpPrefix prefix;
      try {
        prefix = IpPrefix.parse(destination, true);
      } catch (IllegalArgumentException e) {
        continue;
      }
      routes.add(new Route(prefix, route.path("dev").asText(null), route.path("table").asText(null), route.path("type").asText(null)));
    }
    return List.copyOf(routes);
  }

  private static JsonNode read(String json) {
    try {
      return json.isBlank() ? JSON.createArrayNode() : JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("`ip -j` printed something that is not JSON: " + e.getMessage(), e);
    }
  }
}

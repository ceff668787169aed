package dev.loopback.activities.hosts.power;

import java.util.Map;
import java.util.Optional;

/**
 * The seeds' caution, enforced: hard power events (off, reset) on a Kubernetes node take its pods down
 * without warning, so they are refused unless the operator says the node was cordoned and drained.
 * A host counts as a Kubernetes node when it carries a {@code node-role.kubernetes.io/<role>} label
 * (as nodes do in Kubernetes) or {@code loopback.dev/role=kubernetes-node}.
 */
public final class PowerPolicy {
  public static final String ROLE_LABEL = "loopback.dev/role";
  public static final String KUBERNETES_NODE = "kubernetes-node";
  private static final String NODE_ROLE_PREFIX = "node-role.kubernetes.io/";

  private PowerPolicy() {
  }

  /** Why the action is refused, or empty when it may go ahead. */
  public static Optional<String> refusal(Map<String, String> labels, String action, boolean cordoned) {
    boolean hard = "OFF".equals(action) || "RESET".equals(action);
    if (hard && !cordoned && kubernetesNode(labels)) {
      return Optional.of("the host is a Kubernetes node: a hard power " + action.toLowerCase()
          + " would take its pods down without warning; cordon and drain it first, then repeat the request with \"cordoned\": true");
    }
    return Optional.empty();
  }

  static boolean kubernetesNode(Map<String, String> labels) {
    return KUBERNETES_NODE.equals(labels.get(ROLE_LABEL)) || labels.keySet().stream().anyMatch(key -> key.startsWith(NODE_ROLE_PREFIX));
  }
}

package dev.loopback.activities.downloads;

import java.util.List;
import java.util.UUID;

/** The control plane as an install script describes it to a host. Nothing here is secret. */
public interface InstallTarget {

  boolean workspaceExists(UUID workspaceId);

  /** Names and addresses agents may dial; the gateway certificate names each of them. */
  List<String> advertisedNames();

  /** The agent gateway's bound port. */
  int gatewayPort();

  /** The CA agents pin, as {@code LOOPBACK_AGENT_CA_SHA256} / {@code ca-sha256} takes it. */
  String caSha256();

  /**
   * The catalog's active package signing keys, as the agent's {@code trusted-keys} takes them
   * ({@code id:key, id:key}); empty when there are none. Public keys: nothing secret.
   */
  String trustedKeys();
}

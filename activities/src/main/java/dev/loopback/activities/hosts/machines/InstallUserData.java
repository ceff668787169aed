package dev.loopback.activities.hosts.machines;

import java.net.URI;
import java.util.UUID;

/**
 * The first-boot script a provider hands to a new machine (cloud-init user-data or equivalent): it
 * fetches the workspace's install script and runs it with the install token. The token is set by a
 * shell assignment, so it is in no URL and no process's arguments; the script is downloaded to a file
 * first so that a cut connection cannot run half of it.
 */
public final class InstallUserData {
  public static final String CHANNEL = "stable";

  private InstallUserData() {
  }

  /** @param baseUrl the control plane's HTTP base URL as the machine reaches it */
  public static String render(URI baseUrl, UUID workspaceId, String hostName, String installToken) {
    String scriptUrl = scriptUrl(baseUrl, workspaceId, CHANNEL);
    return """
        #!/bin/sh
        # Loopback bring-up of host %s: install the agent with the workspace's install script.
        set -eu
        LOOPBACK_TOKEN=%s
        export LOOPBACK_TOKEN
        script=$(mktemp)
        curl -fsS --retry 10 --retry-connrefused --retry-delay 2 -o "$script" %s
        sh "$script"
        rm -f "$script"
        """.formatted(hostName.replaceAll("[^A-Za-z0-9._-]", "_"), quote(installToken), quote(scriptUrl));
  }

  public static String scriptUrl(URI baseUrl, UUID workspaceId, String channel) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    return base + "/system/v1/workspaces/" + workspaceId + "/install.sh?channel=" + channel;
  }

  /** A single-quoted shell word: nothing inside is expanded. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}

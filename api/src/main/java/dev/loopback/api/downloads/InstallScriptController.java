package dev.loopback.api.downloads;

import dev.loopback.activities.downloads.AgentPackageSource;
import dev.loopback.activities.downloads.ChannelListing;
import dev.loopback.activities.downloads.InstallSettings;
import dev.loopback.activities.downloads.InstallTarget;
import dev.loopback.activities.downloads.PackageFormat;
import dev.loopback.activities.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The script a host pipes into {@code sh} to install the agent and join a workspace. Public, like
 * everything under {@code /system/}: the host has no credential yet, and the script carries none
 * (the token comes from the host's environment). Never stored by caches: it names the current
 * packages and their digests.
 */
@RestController
class InstallScriptController {

  static final MediaType SHELL_SCRIPT = MediaType.parseMediaType("text/x-shellscript");

  private final InstallScript script = InstallScript.fromClasspath();
  private final AgentPackageSource packages;
  private final InstallTarget target;
  private final InstallSettings settings;

  InstallScriptController(AgentPackageSource packages, InstallTarget target, InstallSettings settings) {
    this.packages = packages;
    this.target = target;
    this.settings = settings;
  }

  @GetMapping("/system/v1/workspaces/{workspaceId}/install.sh")
  ResponseEntity<String> script(@PathVariable UUID workspaceId,
      @RequestParam(defaultValue = ChannelListing.STABLE) String channel, HttpServletRequest request) {
    ChannelListing.checkedName(channel);
    if (!target.workspaceExists(workspaceId)) {
      throw new NotFoundException("workspace " + workspaceId);
    }
    ChannelListing listing = packages.channel(channel);
    String base = PublicAddresses.baseUrl(settings, request);
    String scriptUrl = base + "/system/v1/workspaces/" + workspaceId + "/install.sh"
        + (channel.equals(ChannelListing.STABLE) ? "" : "?channel=" + channel);
    var values = new InstallScript.Values(scriptUrl, base, workspaceId, channel,
        PublicAddresses.gatewayEndpoint(settings, request, target.advertisedNames(), target.gatewayPort()),
        target.caSha256(), target.trustedKeys(), settings.mirrorUrl(), listing.latest(PackageFormat.DEB), listing.latest(PackageFormat.TARBALL));
    return ResponseEntity.ok().contentType(SHELL_SCRIPT).cacheControl(CacheControl.noStore()).body(script.render(values));
  }
}

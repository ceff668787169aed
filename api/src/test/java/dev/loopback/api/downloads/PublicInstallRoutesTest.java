package dev.loopback.api.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;

import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.downloads.AgentPackage;
import dev.loopback.activities.downloads.AgentPackageSource;
import dev.loopback.activities.downloads.ChannelListing;
import dev.loopback.activities.downloads.PackageFormat;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The system routes in the whole control plane: served without any credential, with the real
 * gateway's port, the real CA and the packages the agent module built.
 */
@ApiTest
class PublicInstallRoutesTest {

  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;
  @Autowired AgentPackageSource packages;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  /** What anyone may call without a key, written out so that a new public route is a visible change here. */
  @Test
  void theSystemRoutesAreExactlyThese() {
    Set<String> system = new TreeSet<>();
    mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
        .filter(pattern -> pattern.startsWith("/system/"))
        .forEach(pattern -> info.getMethodsCondition().getMethods().forEach(verb -> system.add(verb + " " + pattern))));

    assertThat(system).containsExactly(
        "GET /system/v1/downloads/agent/{channel}",
        "GET /system/v1/downloads/agent/{channel}/{file}",
        "GET /system/v1/downloads/catalog/{component}/{version}/{file}",
        "GET /system/v1/ping",
        "GET /system/v1/updates/{component}",
        "GET /system/v1/workspaces/{workspaceId}/install.sh");
  }

  @Test
  void aHostWithoutCredentialsGetsAScriptForAnExistingWorkspaceNamingThisGatewayAndCa() throws Exception {
    UUID workspace = fleet.createWorkspace("install-" + UUID.randomUUID().toString().substring(0, 8));
    ChannelListing stable = packages.channel(ChannelListing.STABLE);

    MockHttpServletResponse response = fleet.send(null, get("/system/v1/workspaces/" + workspace + "/install.sh")
        .header("Host", "127.0.0.1:8080"), null).getResponse();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).contains(
        "lb_base_url='http://127.0.0.1:8080'\n",
        "lb_endpoint='127.0.0.1:" + gateway.port() + "'\n",
        "lb_ca_sha256='" + ca.fingerprint() + "'\n",
        "lb_deb_file='" + stable.latest(PackageFormat.DEB).map(AgentPackage::file).orElse("") + "'\n",
        "lb_tar_sha512='" + stable.latest(PackageFormat.TARBALL).map(AgentPackage::sha512).orElse("") + "'\n");
  }

  @Test
  void anApiKeyIsNeitherNeededNorLookedAt() throws Exception {
    UUID workspace = fleet.createWorkspace("install-" + UUID.randomUUID().toString().substring(0, 8));

    assertThat(fleet.send("lbk_not-a-key", get("/system/v1/workspaces/" + workspace + "/install.sh"), null).getResponse().getStatus())
        .isEqualTo(200);
    assertThat(fleet.send(null, get("/system/v1/downloads/agent/stable"), null).getResponse().getStatus()).isEqualTo(200);
  }

  @Test
  void aWorkspaceThatDoesNotExistIsNotFound() throws Exception {
    MockHttpServletResponse response = fleet.send(null, get("/system/v1/workspaces/" + UUID.randomUUID() + "/install.sh"), null)
        .getResponse();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
  }

  @Test
  void theBuiltPackagesAreServedWithTheDigestTheIndexNames() throws Exception {
    for (AgentPackage pkg : packages.channel(ChannelListing.STABLE).packages()) {
      MockHttpServletResponse response = fleet.send(null, head("/system/v1/downloads/agent/stable/" + pkg.file()), null).getResponse();
      assertThat(response.getStatus()).as(pkg.file()).isEqualTo(200);
      assertThat(response.getHeader("X-Checksum-Sha512")).as(pkg.file()).isEqualTo(pkg.sha512());
      assertThat(response.getHeader("Content-Length")).as(pkg.file()).isEqualTo(Long.toString(pkg.size()));
    }
  }
}

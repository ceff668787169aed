package dev.loopback.api.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

@WebMvcTest
@ContextConfiguration(classes = DownloadsSlice.class)
class InstallScriptRouteTest {

  private static final String SCRIPT = "/system/v1/workspaces/" + DownloadsSlice.WORKSPACE + "/install.sh";

  @Autowired MockMvc mvc;
  @Autowired FakePackages packages;
  @Autowired ObjectMapper json;

  private MockHttpServletResponse send(RequestBuilder request) throws Exception {
    return mvc.perform(request).andReturn().getResponse();
  }

  @Test
  void scriptNamesTheControlPlaneTheGatewayTheCaAndTheNewestPackageOfEachFormat() throws Exception {
    MockHttpServletResponse response = send(get(SCRIPT).header("Host", "127.0.0.1:8080"));

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(MediaType.parseMediaType(response.getContentType()).isCompatibleWith(MediaType.parseMediaType("text/x-shellscript")))
        .isTrue();
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    String script = response.getContentAsString();
    assertThat(script).startsWith("#!/bin/sh\n").contains(
        "lb_script_url='http://127.0.0.1:8080" + SCRIPT + "'\n",
        "lb_base_url='http://127.0.0.1:8080'\n",
        "lb_workspace='" + DownloadsSlice.WORKSPACE + "'\n",
        "lb_channel='stable'\n",
        "lb_endpoint='127.0.0.1:" + DownloadsSlice.GATEWAY_PORT + "'\n",
        "lb_ca_sha256='" + DownloadsSlice.CA_SHA256 + "'\n",
        "lb_mirror_url=''\n",
        "lb_deb_file='" + FakePackages.DEB + "'\n",
        "lb_deb_version='1.0.0~rc1'\n",
        "lb_deb_size='" + FakePackages.DEB_SIZE + "'\n",
        "lb_deb_sha512='" + packages.sha512(FakePackages.DEB) + "'\n",
        "lb_tar_file='" + FakePackages.TARBALL + "'\n",
        "lb_tar_version='1.0.0-rc1'\n",
        "lb_tar_sha512='" + packages.sha512(FakePackages.TARBALL) + "'\n");
    assertThat(script).doesNotContain("{{");
  }

  @Test
  void gatewayIsReachedByTheNameTheHostUsedWhenTheCertificateCarriesItElseTheFirstAdvertisedName() throws Exception {
    assertThat(send(get(SCRIPT).header("Host", "localhost")).getContentAsString())
        .contains("lb_endpoint='localhost:" + DownloadsSlice.GATEWAY_PORT + "'");
    assertThat(send(get(SCRIPT).header("Host", "lb.internal.example:8080")).getContentAsString())
        .contains("lb_endpoint='loopback.example.com:" + DownloadsSlice.GATEWAY_PORT + "'")
        .contains("lb_base_url='http://lb.internal.example:8080'");
  }

  @Test
  void anotherChannelGetsItsOwnPackagesAndAUrlThatAsksForIt() throws Exception {
    String script = send(get(SCRIPT).param("channel", "preview")).getContentAsString();

    assertThat(script).contains("lb_channel='preview'", "lb_deb_file='" + FakePackages.PREVIEW_DEB + "'", "lb_tar_file=''",
        "lb_script_url='http://localhost" + SCRIPT + "?channel=preview'");
  }

  static List<List<String>> shells() {
    return List.of(List.of("/usr/bin/dash"), List.of("/usr/bin/busybox", "sh"), List.of("/usr/bin/bash", "--posix"));
  }

  @ParameterizedTest
  @MethodSource("shells")
  void renderedScriptParsesInPosixShells(List<String> shell, @TempDir Path dir) throws Exception {
    assumeThat(Path.of(shell.get(0))).as("shell installed").isExecutable();
    Path script = Files.writeString(dir.resolve("install.sh"), send(get(SCRIPT)).getContentAsString());

    Process check = new ProcessBuilder(concat(shell, "-n", script.toString())).redirectErrorStream(true).start();
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    assertThat(check.exitValue()).isZero();
  }

  @Test
  void unknownWorkspaceOrChannelIsNotFound() throws Exception {
    MockHttpServletResponse workspace = send(get("/system/v1/workspaces/" + UUID.randomUUID() + "/install.sh"));
    assertThat(workspace.getStatus()).isEqualTo(404);
    assertThat(workspace.getContentType()).isEqualTo("application/problem+json");

    MockHttpServletResponse channel = send(get(SCRIPT).param("channel", "nightly"));
    assertThat(channel.getStatus()).isEqualTo(404);
    assertThat(json.readTree(channel.getContentAsString()).get("detail").asText()).contains("nightly");
  }

  @Test
  void malformedWorkspaceOrChannelIsABadRequestNamingIt() throws Exception {
    JsonNode workspace = json.readTree(send(get("/system/v1/workspaces/not-a-uuid/install.sh")).getContentAsString());
    assertThat(workspace.get("status").asInt()).isEqualTo(400);
    assertThat(workspace.at("/errors/0/field").asText()).isEqualTo("workspaceId");

    MockHttpServletResponse channel = send(get(URI.create(SCRIPT + "?channel=..%2Fetc")));
    assertThat(channel.getStatus()).isEqualTo(400);
    assertThat(json.readTree(channel.getContentAsString()).at("/errors/0/field").asText()).isEqualTo("channel");
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }
}

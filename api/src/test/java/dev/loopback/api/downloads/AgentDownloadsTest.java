package dev.loopback.api.downloads;

import static dev.loopback.api.downloads.FakePackages.DEB;
import static dev.loopback.api.downloads.FakePackages.DEB_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

@WebMvcTest
@ContextConfiguration(classes = DownloadsSlice.class)
class AgentDownloadsTest {

  private static final String STABLE = "/system/v1/downloads/agent/stable";

  @Autowired MockMvc mvc;
  @Autowired FakePackages packages;
  @Autowired ObjectMapper json;

  private MockHttpServletResponse send(RequestBuilder request) throws Exception {
    return mvc.perform(request).andReturn().getResponse();
  }

  @Test
  void indexListsEachPackageNewestFirstWithDigestAndUrlAndMarksWhatScriptsInstall() throws Exception {
    MockHttpServletResponse response = send(get(STABLE));

    assertThat(response.getStatus()).isEqualTo(200);
    JsonNode index = json.readTree(response.getContentAsString());
    assertThat(index.get("channel").asText()).isEqualTo("stable");
    assertThat(index.get("packages").findValuesAsText("file"))
        .containsExactly(DEB, FakePackages.OLD_DEB, FakePackages.TARBALL);
    JsonNode deb = index.get("packages").get(0);
    assertThat(deb.get("version").asText()).isEqualTo("1.0.0~rc1");
    assertThat(deb.get("arch").asText()).isEqualTo("all");
    assertThat(deb.get("format").asText()).isEqualTo("deb");
    assertThat(deb.get("size").asLong()).isEqualTo(DEB_SIZE);
    assertThat(deb.get("sha512").asText()).isEqualTo(packages.sha512(DEB));
    assertThat(deb.get("url").asText()).isEqualTo("http://localhost" + STABLE + "/" + DEB);
    assertThat(index.get("packages").findValues("latest")).extracting(JsonNode::asBoolean).containsExactly(true, false, true);
    assertThat(index.get("packages").get(2).get("format").asText()).isEqualTo("tar.gz");
  }

  @Test
  void anotherChannelIsItsOwnListing() throws Exception {
    JsonNode index = json.readTree(send(get("/system/v1/downloads/agent/preview")).getContentAsString());
    assertThat(index.get("packages").findValuesAsText("file")).containsExactly(FakePackages.PREVIEW_DEB);
  }

  @Test
  void packageComesWholeWithItsLengthValidatorsAndDigestsWithoutAnyCredential() throws Exception {
    MockHttpServletResponse response = send(get(STABLE + "/" + DEB));

    assertThat(response.getStatus()).isEqualTo(200);
    byte[] body = response.getContentAsByteArray();
    assertThat(body).isEqualTo(packages.bytes(DEB));
    assertThat(response.getHeader("Content-Length")).isEqualTo(Integer.toString(DEB_SIZE));
    assertThat(response.getContentType()).isEqualTo("application/vnd.debian.binary-package");
    assertThat(response.getHeader("Accept-Ranges")).isEqualTo("bytes");
    assertThat(response.getHeader("X-Checksum-Sha512")).isEqualTo(FakePackages.sha512(body));
    assertThat(response.getHeader("Repr-Digest"))
        .isEqualTo("sha-512=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(FakePackages.sha512(body))) + ":");
    assertThat(response.getHeader("ETag")).isEqualTo("\"" + FakePackages.sha512(body).substring(0, 64) + "\"");
    assertThat(response.getHeader("Last-Modified")).isNotBlank();
    assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
    assertThat(response.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"" + DEB + "\"");
  }

  @Test
  void headAnswersTheHeadersOfAGetWithoutTheBody() throws Exception {
    MockHttpServletResponse response = send(head(STABLE + "/" + DEB));

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeader("Content-Length")).isEqualTo(Integer.toString(DEB_SIZE));
    assertThat(response.getHeader("X-Checksum-Sha512")).isEqualTo(packages.sha512(DEB));
    assertThat(response.getHeader("ETag")).isNotBlank();
    assertThat(response.getContentAsByteArray()).isEmpty();
  }

  @Test
  void aRangeGetsJustThoseBytes() throws Exception {
    MockHttpServletResponse response = send(get(STABLE + "/" + DEB).header("Range", "bytes=1000-1999"));

    assertThat(response.getStatus()).isEqualTo(206);
    assertThat(response.getHeader("Content-Range")).isEqualTo("bytes 1000-1999/" + DEB_SIZE);
    assertThat(response.getHeader("Content-Length")).isEqualTo("1000");
    assertThat(response.getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(packages.bytes(DEB), 1000, 2000));
    // The representation's digest, not the part's (RFC 9530): a resumed download checks the whole file.
    assertThat(response.getHeader("X-Checksum-Sha512")).isEqualTo(packages.sha512(DEB));
  }

  @Test
  void aSuffixRangeResumesAtTheEnd() throws Exception {
    MockHttpServletResponse response = send(get(STABLE + "/" + DEB).header("Range", "bytes=-10"));

    assertThat(response.getStatus()).isEqualTo(206);
    assertThat(response.getHeader("Content-Range")).isEqualTo("bytes " + (DEB_SIZE - 10) + "-" + (DEB_SIZE - 1) + "/" + DEB_SIZE);
    assertThat(response.getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(packages.bytes(DEB), DEB_SIZE - 10, DEB_SIZE));
  }

  @Test
  void severalRangesComeAsMultipartByteranges() throws Exception {
    MockHttpServletResponse response = send(get(STABLE + "/" + DEB).header("Range", "bytes=0-9,100-109"));

    assertThat(response.getStatus()).isEqualTo(206);
    assertThat(MediaType.parseMediaType(response.getContentType()).isCompatibleWith(MediaType.parseMediaType("multipart/byteranges")))
        .isTrue();
    String body = new String(response.getContentAsByteArray(), StandardCharsets.ISO_8859_1);
    byte[] bytes = packages.bytes(DEB);
    assertThat(body).contains("Content-Range: bytes 0-9/" + DEB_SIZE, "Content-Range: bytes 100-109/" + DEB_SIZE)
        .contains(new String(bytes, 0, 10, StandardCharsets.ISO_8859_1), new String(bytes, 100, 10, StandardCharsets.ISO_8859_1));
  }

  @Test
  void aRangePastTheEndIsNotSatisfiable() throws Exception {
    MockHttpServletResponse response = send(get(STABLE + "/" + DEB).header("Range", "bytes=" + DEB_SIZE + "-"));

    assertThat(response.getStatus()).isEqualTo(416);
    assertThat(response.getHeader("Content-Range")).isEqualTo("bytes */" + DEB_SIZE);
  }

  @Test
  void aRangeWithAStaleIfRangeGetsTheWholeFile() throws Exception {
    MockHttpServletResponse stale = send(get(STABLE + "/" + DEB).header("Range", "bytes=0-9").header("If-Range", "\"older\""));
    assertThat(stale.getStatus()).isEqualTo(200);
    assertThat(stale.getHeader("Content-Length")).isEqualTo(Integer.toString(DEB_SIZE));
    assertThat(stale.getContentAsByteArray()).isEqualTo(packages.bytes(DEB));

    String etag = send(head(STABLE + "/" + DEB)).getHeader("ETag");
    MockHttpServletResponse current = send(get(STABLE + "/" + DEB).header("Range", "bytes=0-9").header("If-Range", etag));
    assertThat(current.getStatus()).isEqualTo(206);
  }

  @Test
  void aCachedCopyIsConfirmedWithoutTheBody() throws Exception {
    MockHttpServletResponse first = send(get(STABLE + "/" + DEB));

    MockHttpServletResponse byEtag = send(get(STABLE + "/" + DEB).header("If-None-Match", first.getHeader("ETag")));
    assertThat(byEtag.getStatus()).isEqualTo(304);
    assertThat(byEtag.getContentAsByteArray()).isEmpty();
    MockHttpServletResponse byDate = send(get(STABLE + "/" + DEB).header("If-Modified-Since", first.getHeader("Last-Modified")));
    assertThat(byDate.getStatus()).isEqualTo(304);
    assertThat(send(get(STABLE + "/" + DEB).header("If-None-Match", "\"something-else\"")).getStatus()).isEqualTo(200);
  }

  @Test
  void sidecarIsWhatSha512sumChecks(@TempDir Path dir) throws Exception {
    MockHttpServletResponse response = send(get(STABLE + "/" + DEB + ".sha512"));

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentType()).startsWith("text/plain");
    String sidecar = response.getContentAsString();
    assertThat(sidecar).isEqualTo(packages.sha512(DEB) + "  " + DEB + "\n");

    Files.write(dir.resolve(DEB), packages.bytes(DEB));
    Files.writeString(dir.resolve(DEB + ".sha512"), sidecar);
    Process check = new ProcessBuilder("sha512sum", "-c", DEB + ".sha512").directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains(DEB + ": OK");
    assertThat(check.exitValue()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      STABLE + "/loopback-agent_9.9.9_all.deb",
      STABLE + "/README.txt",
      STABLE + "/README.txt.sha512",
      STABLE + "/..%2F..%2Fpom.xml",
      STABLE + "/%2Fetc%2Fpasswd",
      "/system/v1/downloads/agent/preview/..%2F" + DEB,
      "/system/v1/downloads/agent/preview/" + DEB})
  void onlyNamesTheChannelListsAreServed(String path) throws Exception {
    MockHttpServletResponse response = send(get(URI.create(path)));

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
  }

  @Test
  void unknownChannelIsNotFoundAndAMalformedOneABadRequestNamingIt() throws Exception {
    MockHttpServletResponse unknown = send(get("/system/v1/downloads/agent/nightly"));
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(json.readTree(unknown.getContentAsString()).get("detail").asText()).contains("nightly");

    MockHttpServletResponse malformed = send(get(URI.create("/system/v1/downloads/agent/..%2F..%2Fetc/passwd")));
    assertThat(malformed.getStatus()).isEqualTo(400);
    assertThat(json.readTree(malformed.getContentAsString()).at("/errors/0/field").asText()).isEqualTo("channel");
  }
}

package dev.loopback.api.bootstrap;

import dev.loopback.activities.access.Bootstrap;
import dev.loopback.activities.access.BootstrapCredentials;
import dev.loopback.api.LoopbackProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On the very first start, creates the first organization, workspace and owner key, prints the
 * key once and writes it to {@code <data-dir>/bootstrap-owner-key} (mode 0600). Later starts find
 * the organization and print nothing.
 */
@Component
class BootstrapRunner implements ApplicationRunner {

  static final String KEY_FILE = "bootstrap-owner-key";

  private final Bootstrap bootstrap;
  private final LoopbackProperties properties;

  private final int port;

  BootstrapRunner(Bootstrap bootstrap, LoopbackProperties properties, @Value("${server.port:8080}") int port) {
    this.bootstrap = bootstrap;
    this.properties = properties;
    this.port = port;
  }

  @Override
  public void run(ApplicationArguments args) {
    bootstrap.initializeIfEmpty().ifPresent(credentials -> {
      Path file = writeKeyFile(credentials);
      System.out.println(banner(credentials, file, port));
    });
  }

  private Path writeKeyFile(BootstrapCredentials credentials) {
    Path file = properties.dataDir().resolve(KEY_FILE).toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      // Created 0600 from the start: never readable by others, not even for a moment.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, credentials.ownerKey() + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the bootstrap owner key to " + file, e);
    }
  }

  private static String banner(BootstrapCredentials credentials, Path file, int port) {
    return """

        ================================================================================
         Loopback first start: organization 'default', workspace 'default' and user
         'owner' (organization-wide owner) were created. The owner's API key, shown
         only this once, is also in %s (mode 0600):

           %s

         Workspace id: %s
         Try: curl -H "Authorization: Bearer $(cat %s)" http://localhost:%d/api/v1/me
        ================================================================================
        """.formatted(file, credentials.ownerKey(), credentials.workspaceId(), file, port);
  }
}

package dev.loopback.activities.downloads;

import dev.loopback.activities.errors.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Packages as files in {@link InstallSettings#packagesDir()}: the directory itself is the
 * {@code stable} channel (so a build's {@code agent/target} serves as it is), and each subdirectory
 * another channel. Files whose names are not package names are ignored. The directory is read on
 * every call; only digests are cached.
 */
@Component
public class DirectoryPackageSource implements AgentPackageSource {

  private final Path root;
  private final PackageDigests digests = new PackageDigests();

  public DirectoryPackageSource(InstallSettings settings) {
    this.root = settings.packagesDir().toAbsolutePath().normalize();
  }

  @Override
  public ChannelListing channel(String channel) {
    ChannelListing.checkedName(channel);
    Path dir = channel.equals(ChannelListing.STABLE) ? root : root.resolve(channel);
    if (!channel.equals(ChannelListing.STABLE) && !Files.isDirectory(dir)) {
      throw new NotFoundException("channel '" + channel + "'");
    }
    return new ChannelListing(channel, read(dir));
  }

  private List<AgentPackage> read(Path dir) {
    List<PackageName> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        PackageName.parse(entry.getFileName().toString()).ifPresent(names::add);
      }
    } catch (NoSuchFileException e) {
      // The stable channel of a control plane with nothing built or published yet: empty, not missing.
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list agent packages in " + dir, e);
    }
    names.sort(PackageName.NEWEST_FIRST);
    List<AgentPackage> packages = new ArrayList<>();
    for (PackageName name : names) {
      describe(dir.resolve(name.file()), name).ifPresent(packages::add);
    }
    return packages;
  }

  private Optional<AgentPackage> describe(Path file, PackageName name) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!attributes.isRegularFile()) {
      return Optional.empty();
    }
    return Optional.of(new AgentPackage(name.file(), name.version(), name.arch(), name.format(), attributes.size(),
        attributes.lastModifiedTime().toInstant(), digests.sha512(file, attributes), file));
  }
}

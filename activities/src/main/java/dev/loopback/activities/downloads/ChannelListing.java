package dev.loopback.activities.downloads;

import dev.loopback.activities.errors.InvalidFieldException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The packages of one release channel, newest first within each format.
 *
 * @param channel {@value #STABLE}, or another channel's name
 */
public record ChannelListing(String channel, List<AgentPackage> packages) {

  public static final String STABLE = "stable";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  public ChannelListing {
    packages = List.copyOf(packages);
  }

  /** Refuses a malformed channel name (lowercase letters, digits, '-' and '_', at most 32) before it reaches a file system. */
  public static String checkedName(String channel) {
    if (channel == null || !NAME.matcher(channel).matches()) {
      throw new InvalidFieldException("channel",
          "channel must be 1-32 lowercase letters, digits, '-' or '_', starting with a letter or digit, got '" + channel + "'");
    }
    return channel;
  }

  /** What an install script installs in this format: the highest version of the architecture-independent packages. */
  public Optional<AgentPackage> latest(PackageFormat format) {
    return packages.stream().filter(p -> p.format() == format && p.arch().equals("all")).findFirst();
  }

  /** The package served under this exact name, if the channel lists it. */
  public Optional<AgentPackage> file(String name) {
    return packages.stream().filter(p -> p.file().equals(name)).findFirst();
  }
}

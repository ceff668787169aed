package dev.loopback.activities.downloads;

/** Where the agent packages of each channel come from. The catalog replaces the directory source later. */
public interface AgentPackageSource {

  /**
   * The channel's packages, read now (a package published since the last call is listed).
   *
   * @throws dev.loopback.activities.errors.InvalidFieldException for a malformed channel name
   * @throws dev.loopback.activities.errors.NotFoundException for a channel that does not exist
   */
  ChannelListing channel(String channel);
}

package dev.loopback.activities.audit;

import java.util.UUID;

/**
 * The result of walking an organization's chain from its first event.
 *
 * @param eventsChecked events verified before the walk ended (all of them when intact)
 * @param firstBrokenLink the first event whose link or contents do not verify; null when intact
 */
public record ChainVerification(boolean intact, long eventsChecked, String headHash, BrokenLink firstBrokenLink) {

  /**
   * @param seq the event's position in the table
   * @param reason why it fails: its contents changed, or its link to the event before does not hold
   */
  public record BrokenLink(long seq, UUID eventId, String reason) {}
}

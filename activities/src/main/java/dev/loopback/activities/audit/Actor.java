package dev.loopback.activities.audit;

/**
 * Who did something, and under which request, as the audit log records it.
 *
 * @param name a user with the key used, or {@code system:<job>} for scheduled work
 * @param requestId the HTTP request id or the workflow/activity id the action ran under
 */
public record Actor(String name, String requestId) {

  public static Actor system(String job, String requestId) {
    return new Actor("system:" + job, requestId);
  }
}

package dev.loopback.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The one place custom search attribute keys are defined. A server must have them registered
 * before a workflow upserts them (the control plane registers them at start; see README).
 */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> WORKSPACE = SearchAttributeKey.forKeyword("LoopbackWorkspace");
  public static final SearchAttributeKey<String> HOST_STATE = SearchAttributeKey.forKeyword("LoopbackHostState");

  /** Every key, for registering them with a server. */
  public static final List<SearchAttributeKey<?>> ALL = List.of(WORKSPACE, HOST_STATE);

  private SearchAttributes() {
  }
}

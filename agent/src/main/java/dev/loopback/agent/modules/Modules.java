package dev.loopback.agent.modules;

import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import java.util.concurrent.CompletableFuture;

/** What the channel hands module requests to: answers off the channel's event loop. */
public interface Modules {
  CompletableFuture<ModulesDesiredResponse> apply(ModulesDesiredRequest request);
}

package dev.loopback.agent.modules;

import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/** The host's modules: requests run one after another on their own thread (downloads take time), never on the event loop. */
public final class HostModules implements Modules, AutoCloseable {
  private final ModuleDelivery delivery;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "modules-delivery");
    thread.setDaemon(true);
    return thread;
  });

  public HostModules(ModuleDelivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public CompletableFuture<ModulesDesiredResponse> apply(ModulesDesiredRequest request) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return delivery.apply(request);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CompletionException(new IllegalStateException("the agent is stopping"));
        }
      }, worker);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("the agent is stopping"));
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}

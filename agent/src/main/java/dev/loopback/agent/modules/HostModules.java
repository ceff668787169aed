package dev.loopback.agent.modules;

import dev.loopback.agent.host.SerialWorker;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import java.util.concurrent.CompletableFuture;

/** The host's modules: requests run one after another on their own thread (downloads take time), never on the event loop. */
public final class HostModules implements Modules, AutoCloseable {
  private final ModuleDelivery delivery;
  private final SerialWorker worker = new SerialWorker("modules-delivery");

  public HostModules(ModuleDelivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public CompletableFuture<ModulesDesiredResponse> apply(ModulesDesiredRequest request) {
    return worker.submit(() -> delivery.apply(request));
  }

  @Override
  public void close() {
    worker.close();
  }
}

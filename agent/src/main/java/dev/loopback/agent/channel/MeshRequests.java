package dev.loopback.agent.channel;

import dev.loopback.agent.mesh.Mesh;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.Message;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A session's side of the host's mesh. Applies run for seconds (commands, then a wait for
 * handshakes), so they run on the {@link Mesh}'s own thread, and only the answer comes back to the
 * channel's loop.
 */
final class MeshRequests {
  /** Added to the hello's capabilities when the agent runs a mesh. */
  static final String CAPABILITY = "mesh";

  private final Mesh mesh;

  MeshRequests(Mesh mesh) {
    this.mesh = mesh;
  }

  List<String> capabilities(List<String> base) {
    List<String> capabilities = new ArrayList<>(base);
    capabilities.add(CAPABILITY);
    return List.copyOf(capabilities);
  }

  /** The identity event to send after the hello, if the host has a usable key. */
  Optional<Message> identity() {
    return mesh.identity().map(Message.class::cast);
  }

  /**
   * Applies {@code request} off the loop and gives {@code answer} the response — or a {@link
   * CommandFailure} if the apply broke — on {@code loop}; nothing is given once the loop is gone.
   */
  void apply(MeshApplyRequest request, EventExecutor loop, Consumer<Message> answer) {
    mesh.apply(request).whenComplete((response, failure) -> {
      Message message = failure != null ? new CommandFailure("mesh-failed", Causes.describe(failure)) : response;
      try {
        loop.execute(() -> answer.accept(message));
      } catch (RejectedExecutionException e) {
        // The channel's loop has shut down, and with it anyone to answer.
      }
    });
  }
}

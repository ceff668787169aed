package dev.loopback.agent.host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * One daemon thread for work that blocks (downloads, unpacking, processes), never the channel's
 * event loop; requests run one after another. Work interrupted or submitted after {@link #close()}
 * fails with "the agent is stopping".
 */
public final class SerialWorker implements AutoCloseable {
  private final ExecutorService worker;

  public SerialWorker(String threadName) {
    this.worker = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Work that may block and be interrupted. */
  public interface Work<T> {
    T run() throws InterruptedException;
  }

  public <T> CompletableFuture<T> submit(Work<T> work) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return work.run();
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

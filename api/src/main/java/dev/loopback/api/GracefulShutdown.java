package dev.loopback.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/**
 * Closes the Spring context on SIGINT/SIGTERM <em>before</em> the JVM runs its shutdown hooks.
 *
 * <p>Why: the embedded PostgreSQL library registers its own JVM shutdown hook, and JVM hooks run
 * concurrently, so with Spring's hook the database could stop while in-flight activities still
 * write. Closing the context first stops the Temporal worker (in-flight activities finish or are
 * handed back), then the HTTP server, the connection pool and last the database; the library's
 * hook then finds it already stopped.
 */
final class GracefulShutdown {

  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

  private GracefulShutdown() {}

  static void install(ConfigurableApplicationContext context) {
    Runnable close = () -> {
      log.info("Shutting down: stopping the worker, the API, then the database");
      context.close();
      System.exit(0);
    };
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), signal -> new Thread(close, "loopback-shutdown").start());
    }
    // A plain System.exit or an uncaught error still closes the context through a normal hook.
    Runtime.getRuntime().addShutdownHook(new Thread(context::close, "loopback-shutdown-hook"));
  }
}

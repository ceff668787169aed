package dev.loopback.api.temporal;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's test server bound to a real gRPC port, so the {@code temporal} CLI can attach. Time
 * runs normally (skipping stays locked). Its state lives in memory: workflows do not survive a
 * restart of the control plane in embedded mode; point {@code LOOPBACK_TEMPORAL_TARGET} at a
 * cluster for that. It has no Schedules API and no visibility queries.
 */
final class EmbeddedTemporal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedTemporal start(int requestedPort) {
    int port = requestedPort == 0 ? freePort() : requestedPort;
    try {
      TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
      log.info("Embedded Temporal listening on localhost:{} (temporal --address localhost:{} workflow list)", port, port);
      return new EmbeddedTemporal(server, port);
    } catch (RuntimeException e) {
      throw new IllegalStateException("could not start the embedded Temporal on port " + port
          + " (is another Temporal or control plane running? set LOOPBACK_TEMPORAL_EMBEDDED_PORT)", e);
    }
  }

  String target() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.loopback.agent.update;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A real HTTP server on loopback that serves the bytes put at a path, and 404 for any other path. */
public final class PackageServer implements AutoCloseable {
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final HttpServer server;

  private PackageServer(HttpServer server) {
    this.server = server;
  }

  public static PackageServer start() throws IOException {
    PackageServer packages = new PackageServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    packages.server.createContext("/", exchange -> {
      byte[] body = packages.served.get(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    packages.server.start();
    return packages;
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void put(String path, byte[] body) {
    served.put(path, body);
  }

  /** The bytes served at {@code path}, the same array: changing it changes what is served. */
  public byte[] get(String path) {
    return served.get(path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.gpuautoscaler.cost.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 and a free port, recording every request and answering with
 * scripted responses (then {@code defaultStatus}). A scripted status of {@link #DROP} closes the
 * connection without an answer, as a crashed or restarting receiver does.
 */
final class LoopbackHttpServer implements AutoCloseable {
  static final int DROP = -1;

  /** A scripted body that echoes the request body, as some receivers' error pages do. */
  static final String ECHO = "<echo>";

  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private record Response(int status, String body) {}

  private final HttpServer server;
  private final int defaultStatus;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Response> script = new ConcurrentLinkedDeque<>();

  LoopbackHttpServer(int defaultStatus) throws IOException {
    this.defaultStatus = defaultStatus;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers the next requests with these statuses, in order, with empty bodies. */
  LoopbackHttpServer thenRespond(int... statuses) {
    for (int s : statuses) {
      script.add(new Response(s, ""));
    }
    return this;
  }

  LoopbackHttpServer thenRespond(int status, String body) {
    script.add(new Response(status, body));
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            Map.copyOf(exchange.getRequestHeaders()),
            body));
    Response r = script.poll();
    int status = r == null ? defaultStatus : r.status();
    if (status == DROP) {
      exchange.close(); // no status line: the client sees the connection end
      return;
    }
    byte[] out =
        (r == null ? "" : r.body().equals(ECHO) ? body : r.body()).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

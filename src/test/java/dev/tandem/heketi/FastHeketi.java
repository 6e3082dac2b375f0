package dev.tandem.heketi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The stand-in Heketi ({@link FakeHeketiCore}) on the JDK's HttpServer: fast enough to be the
 * baseline a proxy is measured against (WireMock is not). Run by bench/heketi-api:
 * {@code java -cp <test classpath> dev.tandem.heketi.FastHeketi <port> [calibrated]}; "calibrated"
 * makes operations take the real server's measured time ({@link FakeHeketiCore#calibrate}).
 */
public final class FastHeketi implements AutoCloseable {

  private final FakeHeketiCore core;
  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(32);

  public FastHeketi(FakeHeketiCore core, int port) throws IOException {
    this.core = core;
    // without it the server's separate writes of head and body wait for the client's delayed ACK (40 ms)
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    server.createContext("/", this::handle);
    server.setExecutor(workers);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeHeketiCore core() {
    return core;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      HeketiAnswer answer = core.answer(new HeketiRequest(exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
          exchange.getRequestHeaders().getFirst("Authorization"), body));
      if (answer.delayMillis() > 0) {
        Thread.sleep(answer.delayMillis());
      }
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      byte[] bytes = answer.body() == null ? new byte[0] : answer.bytes();
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  public static void main(String[] args) throws IOException {
    FakeHeketiCore core = new FakeHeketiCore(2048);
    if (args.length > 1 && args[1].equals("calibrated")) {
      core.calibrate(System::nanoTime);
    }
    FastHeketi heketi = new FastHeketi(core, Integer.parseInt(args[0]));
    System.out.println("stand-in Heketi on " + heketi.url() + (args.length > 1 ? " (" + args[1] + ")" : ""));
  }
}

package dev.tandem.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load on one URL the way wrk makes it: N HTTP/1.1 keep-alive connections over plain sockets, each
 * on its own thread sending its next GET as soon as the previous answer is read. A warm-up phase
 * (not recorded), then a measured phase that ends after {@code measure} or {@code maxRequests}
 * requests, whichever comes first. Every measured request's latency is kept (microseconds), so
 * p50 and p99 are exact over the phase; a status other than 2xx counts as an error.
 */
public final class LoadGenerator {

  /** What one measured phase gave. */
  public record Result(double p50Millis, double p99Millis, double perSecond, int requests, int errors) {}

  /** An answer that takes longer than this fails the run instead of hanging it. */
  static final int READ_TIMEOUT_MILLIS = 10_000;

  private final URI url;
  private final String authorization;

  /** {@code authorization}: the header's value, or {@code null} for none. */
  public LoadGenerator(URI url, String authorization) {
    this.url = url;
    this.authorization = authorization;
  }

  public Result run(int connections, Duration warmup, Duration measure, int maxRequests) throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long measureUntil = measureFrom + measure.toNanos();
    AtomicInteger budget = new AtomicInteger(maxRequests);
    List<Connection> workers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      workers.add(new Connection(measureFrom, measureUntil, budget, maxRequests));
    }
    List<Thread> threads = workers.stream().map(Thread::new).toList();
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    long end = start;
    int count = 0;
    int errors = 0;
    for (Connection w : workers) {
      if (w.failure != null) {
        throw new UncheckedIOException("load on " + url + " failed", w.failure);
      }
      end = Math.max(end, w.lastEnd);
      count += w.count;
      errors += w.errors;
    }
    int[] all = new int[count];
    int at = 0;
    for (Connection w : workers) {
      System.arraycopy(w.micros, 0, all, at, w.count);
      at += w.count;
    }
    Arrays.sort(all);
    double seconds = Math.max(1, end - measureFrom) / 1e9;
    return new Result(percentile(all, 0.50) / 1000.0, percentile(all, 0.99) / 1000.0, count / seconds, count, errors);
  }

  /** The smallest recorded value with at least {@code fraction} of all values at or below it. */
  static int percentile(int[] sorted, double fraction) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)];
  }

  private byte[] request() {
    String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    return ("GET " + target + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One connection's loop, reconnecting when the server closes it. */
  private final class Connection implements Runnable {
    final long measureFrom;
    final long measureUntil;
    final AtomicInteger budget;
    final int[] micros;
    int count;
    int errors;
    long lastEnd;
    IOException failure;

    Connection(long measureFrom, long measureUntil, AtomicInteger budget, int maxRequests) {
      this.measureFrom = measureFrom;
      this.measureUntil = measureUntil;
      this.budget = budget;
      this.micros = new int[maxRequests];
    }

    @Override
    public void run() {
      byte[] request = request();
      try {
        while (!done()) {
          try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            HttpResponseReader reader = new HttpResponseReader(new BufferedInputStream(socket.getInputStream(), 65536));
            boolean open = true;
            while (open && !done()) {
              long sent = System.nanoTime();
              out.write(request);
              out.flush();
              HttpResponseReader.Response response = reader.read();
              long received = System.nanoTime();
              open = !response.close();
              record(sent, received, response.status());
            }
          }
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    private boolean done() {
      long now = System.nanoTime();
      return now >= measureUntil || (now >= measureFrom && budget.get() <= 0);
    }

    private void record(long sent, long received, int status) {
      if (sent < measureFrom || budget.getAndDecrement() <= 0) {
        return;
      }
      micros[count++] = (int) Math.min(Integer.MAX_VALUE, (received - sent) / 1000);
      lastEnd = received;
      if (status / 100 != 2) {
        errors++;
      }
    }
  }
}

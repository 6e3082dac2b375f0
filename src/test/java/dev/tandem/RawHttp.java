package dev.tandem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.1 written by hand over a loopback socket, for what ordinary clients hide or refuse: any
 * header (Via), and a chunked body of any length that stops as soon as the server has answered.
 */
public final class RawHttp {

  private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

  private RawHttp() {}

  /**
   * The response as received, how many body bytes the client wrote before it came, and whether
   * the server then closed the connection.
   */
  public record Answer(int status, String head, String body, long written, boolean closed) {
    /** A response header's value, or null. */
    public String header(String name) {
      return head.lines().skip(1)
          .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
          .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse(null);
    }
  }

  /** A request without a body, with these extra header lines; the response must come within {@code timeout}. */
  public static Answer get(int port, String path, Duration timeout, String... headers) {
    return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + String.join("", Arrays.stream(headers).map(h -> h + "\r\n").toList()) + "\r\n", null, 0, timeout);
  }

  /**
   * {@code head} (request line and headers, ending in a blank line), then, when {@code prefix} is
   * not null, a body: the prefix, then 'a's up to {@code total} bytes in 8 KiB pieces, chunked when
   * the head says so. The body stops as soon as the server answers, stops reading, or {@code
   * timeout} passes.
   */
  public static Answer exchange(int port, String head, String prefix, long total, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try (Socket socket = new Socket()) {
      socket.setSendBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      AtomicBoolean answered = new AtomicBoolean();
      AtomicBoolean closed = new AtomicBoolean();
      CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> readAll(socket, answered, closed));
      boolean chunked = head.contains("Transfer-Encoding: chunked");
      long written = prefix == null ? 0 : body(out, chunked, prefix, total, answered, deadline);
      // the reader ends by itself: at the server's close, or at the socket's timeout
      String text = response.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
      int split = text.indexOf("\r\n\r\n");
      String responseHead = split < 0 ? text : text.substring(0, split);
      int status = text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
      return new Answer(status, responseHead, split < 0 ? "" : text.substring(split + 4), written, closed.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("no complete answer within " + timeout, e);
    }
  }

  private static final long AFTER_ANSWER = 256 * 1024;

  private static long body(OutputStream out, boolean chunked, String prefix, long total, AtomicBoolean answered,
      Instant deadline) {
    byte[] filler = new byte[8192];
    Arrays.fill(filler, (byte) 'a');
    byte[] first = prefix.getBytes(StandardCharsets.UTF_8);
    long written = 0;
    long answeredAt = -1;
    try {
      write(out, chunked, first);
      written += first.length;
      // Like a client that streams its body, it goes on sending once the answer has come, while the server
      // reads (Tomcat drains at most max-swallow-size, 64KB, then closes), at most AFTER_ANSWER more; only
      // what was written before the answer is reported.
      while (written < total && Instant.now().isBefore(deadline)
          && (answeredAt < 0 || written - answeredAt < AFTER_ANSWER)) {
        if (answeredAt < 0 && answered.get()) {
          answeredAt = written;
        }
        write(out, chunked, filler);
        written += filler.length;
      }
      if (chunked && written >= total) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // the server closed the connection: it reads no more
    }
    return answeredAt >= 0 ? answeredAt : written;
  }

  private static void write(OutputStream out, boolean chunked, byte[] data) throws IOException {
    if (!chunked) {
      out.write(data);
      return;
    }
    out.write(Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    out.write(data);
    out.write(CRLF);
  }

  /** Everything the server sends until it closes the connection (or the read times out). */
  private static String readAll(Socket socket, AtomicBoolean answered, AtomicBoolean closed) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
        answered.set(true);
      }
      closed.set(true);
    } catch (SocketTimeoutException e) {
      // the server keeps the connection open
    } catch (IOException e) {
      closed.set(true); // reset after the answer: what arrived is the answer
    }
    return received.toString(StandardCharsets.UTF_8);
  }
}

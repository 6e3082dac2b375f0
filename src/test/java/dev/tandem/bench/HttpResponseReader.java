package dev.tandem.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response after another from a keep-alive connection: the status line, the
 * headers, then the body by Content-Length, by chunked transfer coding, or none (1xx, 204, 304).
 * A response with neither is read to the end of the connection. The body is skipped, not kept.
 */
public final class HttpResponseReader {

  /** One response: its status, its body's length, and whether the server closes the connection after it. */
  public record Response(int status, long bodyLength, boolean close) {}

  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

  /** {@code in} should be buffered: it is read a byte at a time for the head. */
  public HttpResponseReader(InputStream in) {
    this.in = in;
  }

  public Response read() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long contentLength = -1;
    boolean chunked = false;
    boolean close = parts[0].equals("HTTP/1.0");
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.endsWith("chunked");
        case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
        default -> { }
      }
    }
    if (status / 100 == 1 || status == 204 || status == 304) {
      return new Response(status, 0, close);
    }
    if (chunked) {
      return new Response(status, skipChunks(), close);
    }
    if (contentLength >= 0) {
      skip(contentLength);
      return new Response(status, contentLength, close);
    }
    return new Response(status, in.transferTo(OutputStream.nullOutputStream()), true);
  }

  private long skipChunks() throws IOException {
    long total = 0;
    while (true) {
      String size = readLine();
      int extension = size.indexOf(';');
      long length = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
      if (length == 0) {
        while (!readLine().isEmpty()) { // trailer fields, up to the empty line
        }
        return total;
      }
      skip(length);
      total += length;
      if (!readLine().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private void skip(long length) throws IOException {
    long left = length;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("connection closed inside a body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** A line without its CRLF (a bare LF is accepted too). */
  private String readLine() throws IOException {
    line.reset();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}

package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The load generator reads answers framed by Content-Length and chunked, one after another on one connection. */
class HttpResponseReaderTests {

  private static final String LENGTH = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
  private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "4;ext=1\r\nwiki\r\n6\r\npedia \r\n0\r\nTrailer: x\r\n\r\n";
  private static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
  private static final String CLOSING = "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 3\r\n\r\nno\n";

  @Test
  void readsAnswersFramedEitherWayBackToBack() throws IOException {
    HttpResponseReader reader = reader(LENGTH + CHUNKED + NO_CONTENT + CLOSING);

    assertThat(reader.read()).isEqualTo(new HttpResponseReader.Response(200, 5, false));
    assertThat(reader.read()).isEqualTo(new HttpResponseReader.Response(200, 10, false));
    assertThat(reader.read()).isEqualTo(new HttpResponseReader.Response(204, 0, false));
    assertThat(reader.read()).isEqualTo(new HttpResponseReader.Response(404, 3, true));
  }

  @Test
  void aBodyCutShortIsAnError() {
    assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello").read())
        .isInstanceOf(EOFException.class);
  }

  @Test
  void measuresAgainstALocalServerAnsweringChunkedAndByLength() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> serve(server));
      URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/clusters");

      LoadGenerator.Result result = new LoadGenerator(url, null).run(1, Duration.ZERO, Duration.ofSeconds(30), 20);

      assertThat(result.requests()).isEqualTo(20);
      assertThat(result.errors()).isEqualTo(10);   // the chunked answers are 500s
      serving.get();
    }
  }

  /** One connection: answers each GET, alternately by length (200) and chunked (500), 20 in all. */
  private static void serve(ServerSocket server) {
    try (Socket socket = server.accept()) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (int i = 0; i < 20; i++) {
        readHead(in);
        String answer = i % 2 == 0 ? LENGTH : CHUNKED.replace("200 OK", "500 Internal Server Error");
        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  private static HttpResponseReader reader(String bytes) {
    return new HttpResponseReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }
}

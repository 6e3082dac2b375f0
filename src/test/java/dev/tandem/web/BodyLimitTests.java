package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.RawHttp;
import dev.tandem.TestHttp;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Request bodies are bounded per route class before anything reads them, authentication included:
 * a 200 MB body costs the server its route's limit, not 200 MB, and the connection is closed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:limits;DB_CLOSE_DELAY=-1")
class BodyLimitTests {

  static final long HUGE = 200L * 1024 * 1024;
  static final long KIB = 1024;
  static final Duration BOUND = Duration.ofSeconds(20);
  static final String ADMIN = "Authorization: Basic " + Base64.getEncoder()
      .encodeToString(("admin:" + TestHttp.ADMIN_SECRET).getBytes(StandardCharsets.UTF_8)) + "\r\n";

  @LocalServerPort int port;

  @Test
  void anAnonymousChunked200MbVolumeCreateIsRefusedWhileReading() {
    long before = allocatedByAllThreads();
    RawHttp.Answer answer = RawHttp.exchange(port, chunkedPost("/volumes", ""), "{\"name\":\"", HUGE, BOUND);
    long allocated = allocatedByAllThreads() - before;

    assertThat(answer.status()).as(answer.head()).isEqualTo(413);
    assertThat(answer.header("Content-Type")).startsWith("text/plain");
    assertThat(answer.body()).contains("larger than 65536 bytes").contains("tandem.web.max-body.heketi");
    assertThat(answer.header("Connection")).isEqualTo("close");
    assertThat(answer.closed()).as("the server closed the connection").isTrue();
    assertThat(answer.written()).as("body bytes written before the answer: the limit, and what the sockets buffer")
        .isLessThan(16 * 64 * KIB);
    assertThat(allocated).as("bytes allocated while serving it").isLessThan(16 * 1024 * KIB);
  }

  @Test
  void anAdminsChunked200MbJobIsRefusedAtTheApiLimit() {
    long before = allocatedByAllThreads();
    RawHttp.Answer answer = RawHttp.exchange(port, chunkedPost("/api/v1/jobs", ADMIN), "{\"type\":\"", HUGE, BOUND);
    long allocated = allocatedByAllThreads() - before;

    assertThat(answer.status()).as(answer.head()).isEqualTo(413);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.body()).contains("urn:tandem:problem:body-too-large").contains("tandem.web.max-body.api");
    assertThat(answer.closed()).isTrue();
    assertThat(answer.written()).as("the 1 MiB limit, and what the sockets buffer").isLessThan(8 * 1024 * KIB);
    assertThat(allocated).as("JSON parsing of 1 MiB included").isLessThan(32 * 1024 * KIB);
  }

  /** A multipart body on a read, which Spring parses before any handler, is held to the same limit. */
  @Test
  void anAnonymousChunkedMultipartReadIsRefusedAtTheLimit() {
    long before = allocatedByAllThreads();
    RawHttp.Answer answer = RawHttp.exchange(port, "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n",
        "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n", HUGE, BOUND);
    long allocated = allocatedByAllThreads() - before;

    assertThat(answer.status()).as(answer.head()).isEqualTo(413);
    assertThat(answer.written()).as("the 64 KiB limit, and what the sockets and the parser buffer")
        .isLessThan(4 * 1024 * KIB);
    assertThat(allocated).isLessThan(16 * 1024 * KIB);
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeReadingOrAuthenticating() {
    RawHttp.Answer answer = RawHttp.exchange(port, "POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + HUGE + "\r\n\r\n", "{\"type\":\"", HUGE, BOUND);

    assertThat(answer.status()).as("413, not 401: nothing is read or authenticated").isEqualTo(413);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.body()).contains("larger than 1048576 bytes");
    assertThat(answer.closed()).isTrue();
    assertThat(answer.written()).isLessThan(4 * 1024 * KIB);
  }

  @Test
  void anAnonymousChunkedApiBodyIsRefusedWithoutBeingRead() {
    RawHttp.Answer answer = RawHttp.exchange(port, chunkedPost("/api/v1/jobs", ""), "{\"type\":\"", HUGE, BOUND);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.written()).isLessThan(4 * 1024 * KIB);
  }

  @Test
  void thePlatformSpecTakesMoreThanTheApiLimit() {
    String spec = TestHttp.example() + "\n#" + "x".repeat(2 * 1024 * 1024) + "\n";

    TestHttp.Response answer = new TestHttp(port).put("/api/v1/platform?dryRun=true", TestHttp.YAML, spec);

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
  }

  private static String chunkedPost(String path, String headers) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers
        + "Transfer-Encoding: chunked\r\n\r\n";
  }

  /** Bytes allocated so far by the live threads: what buffering a body would show. */
  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
  }
}

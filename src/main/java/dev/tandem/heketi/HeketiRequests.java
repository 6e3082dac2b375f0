package dev.tandem.heketi;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One view's JSON requests to Heketi, over {@link HeketiTransport}: bodies written and answers read
 * with one mapper (fields Tandem does not know are ignored), every request counted into the view's
 * {@link HeketiCalls}, and an initiating request answered 429 sent again after Retry-After (or
 * the configured backoff), a bounded number of times: a 429 never reached Heketi's queue.
 */
final class HeketiRequests {

  private static final Logger log = LoggerFactory.getLogger(HeketiRequests.class);

  private final HeketiProperties properties;
  private final HeketiTransport transport;
  private final JsonMapper json;
  private final HeketiCalls calls;

  HeketiRequests(HeketiProperties properties, HeketiTransport transport) {
    this(properties, transport, JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build(), null);
  }

  private HeketiRequests(HeketiProperties properties, HeketiTransport transport, JsonMapper json,
      HeketiCalls calls) {
    this.properties = properties;
    this.transport = transport;
    this.json = json;
    this.calls = calls;
  }

  HeketiTransport transport() {
    return transport;
  }

  /** The same requests, also counted into {@code calls}. */
  HeketiRequests counting(HeketiCalls calls) {
    return new HeketiRequests(properties, transport, json, calls);
  }

  /** A Heketi answer: status, headers and body text. */
  record Reply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Heketi's error text, trimmed as its Go client does. */
    String message() {
      String trimmed = body == null ? "" : body.strip();
      return trimmed.isEmpty() ? "server did not provide a message (status " + status + ")" : trimmed;
    }
  }

  <T> T get(String path, Class<T> type) {
    Reply reply = send("GET", path, null, false, "GET " + path);
    expect(reply, 200, "GET " + path);
    return read(reply, type);
  }

  /** An initiating request: a 429 is retried after Retry-After (or the configured backoff), boundedly. */
  Reply initiate(String method, String path, Object body) {
    String what = method + " " + path;
    for (int attempt = 0; ; attempt++) {
      Reply reply = send(method, path, body, true, what);
      if (reply.status() != 429 || attempt >= properties.busyRetries()) {
        return reply;
      }
      long wait = retryAfterMillis(reply, attempt);
      log.info("Heketi is busy ({}); retrying {} in {} ms ({} of {})", reply.message(), what, wait, attempt + 1,
          properties.busyRetries());
      sleep(wait);
    }
  }

  private long retryAfterMillis(Reply reply, int attempt) {
    String header = reply.header("Retry-After");
    if (header != null && header.matches("[0-9]{1,4}")) {
      return Long.parseLong(header) * 1000;
    }
    return Math.min(properties.busyBackoff().toMillis() << Math.min(attempt, 5), 60_000);
  }

  Reply send(String method, String path, Object body, boolean writes, String what) {
    byte[] bytes = body == null ? null : json.writeValueAsBytes(body);
    if (calls != null) {
      calls.count(writes);
    }
    HeketiClient.Raw raw = transport.exchange(method, path, bytes, bytes == null ? null : "application/json", what);
    return new Reply(raw.status(), raw.headers(), new String(raw.body(), StandardCharsets.UTF_8));
  }

  static void expect(Reply reply, int status, String what) {
    if (reply.status() != status) {
      throw new HeketiException(what, reply.status(), reply.message());
    }
  }

  <T> T read(Reply reply, Class<T> type) {
    try {
      return json.readValue(reply.body(), type);
    } catch (tools.jackson.core.JacksonException e) {
      throw new HeketiException("read Heketi's answer as " + type.getSimpleName(), reply.status(),
          "unreadable JSON: " + e.getOriginalMessage());
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Heketi", e);
    }
  }
}

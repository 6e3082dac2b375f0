package dev.tandem.heketi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer of the stand-in Heketi, independent of the server that sends it: status, headers in
 * order, body ({@code null}: none) and how long to hold the answer back before sending it.
 * The factories build the real server's answers from the recorded transcripts.
 */
public record HeketiAnswer(int status, Map<String, String> headers, String body, long delayMillis) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, HeketiAnswer> RECORDED = new ConcurrentHashMap<>();

  public HeketiAnswer {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * The body as sent: an {@code application/octet-stream} body holds one byte per char ({@link
   * #binary}), any other is UTF-8 text. Null: none.
   */
  public byte[] bytes() {
    if (body == null) {
      return null;
    }
    boolean binary = "application/octet-stream".equals(headers.get("Content-Type"));
    return body.getBytes(binary ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** A recorded binary answer's status and headers, with {@code bytes} for the body the transcript summarises. */
  public static HeketiAnswer binary(String file, String name, byte[] bytes) {
    HeketiAnswer recorded = recorded(file, name);
    return new HeketiAnswer(recorded.status(), recorded.headers(), new String(bytes, StandardCharsets.ISO_8859_1), 0);
  }

  public HeketiAnswer delayed(long millis) {
    return new HeketiAnswer(status, headers, body, delayMillis + millis);
  }

  /** An answer exactly as recorded: status, the recorded headers (those not null), body. */
  public static HeketiAnswer recorded(String file, String name) {
    return RECORDED.computeIfAbsent(file + "\n" + name, k -> {
      JsonNode response = Transcripts.exchange(file, name).get("response");
      Map<String, String> headers = new LinkedHashMap<>();
      response.get("headers").properties().forEach(h -> {
        if (!h.getValue().isNull()) {
          headers.put(h.getKey(), h.getValue().asString());
        }
      });
      return new HeketiAnswer(response.get("status").asInt(), headers, Transcripts.body(response), 0);
    });
  }

  public static String recordedBody(String file, String name) {
    return recorded(file, name).body();
  }

  /** Heketi's 202 for an operation it queued, pointing at its queue entry. */
  public static HeketiAnswer accepted(String queueId) {
    return new HeketiAnswer(recorded("volumes-async.json", "volume delete").status(),
        Map.of("Location", "/queue/" + queueId), "", 0);
  }

  /** A queue entry's 303 to the object it made. */
  public static HeketiAnswer seeOther(String location) {
    HeketiAnswer recorded = recorded("volumes-async.json", "volume expand: poll 2");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Location", location);
    headers.put("Content-Type", recorded.headers().get("Content-Type"));
    return new HeketiAnswer(303, headers,
        recorded.body().replace("/volumes/5ec98024a01a1b8cb2a045b7a6b6d0c6", location), 0);
  }

  /** A queue entry's terminal 204 for an operation that made nothing to point at. */
  public static HeketiAnswer noContent() {
    return new HeketiAnswer(recorded("volumes-async.json", "volume delete: poll 2").status(), Map.of(), null, 0);
  }

  public static HeketiAnswer text(int status, String body) {
    return new HeketiAnswer(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body, 0);
  }

  public static HeketiAnswer json(int status, JsonNode body) {
    return new HeketiAnswer(status, Map.of("Content-Type", "application/json; charset=UTF-8"),
        JSON.writeValueAsString(body), 0);
  }
}

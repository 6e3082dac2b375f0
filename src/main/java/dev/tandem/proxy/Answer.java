package dev.tandem.proxy;

import dev.tandem.heketi.HeketiClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the Heketi-compatible API answers: a status, Heketi's headers, and the body bytes. */
record Answer(int status, Map<String, String> headers, byte[] body) {

  /** An error exactly as Go's http.Error writes it: plain text, nosniff, message and a newline. */
  static Answer error(int status, String message) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("X-Content-Type-Options", "nosniff");
    return new Answer(status, headers, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Answer json(int status, String json) {
    return new Answer(status, Map.of("Content-Type", "application/json; charset=UTF-8"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** A queue entry still running, as Heketi says it: 200, X-Pending, no body. */
  static Answer pending() {
    return new Answer(200, Map.of("X-Pending", "true"), new byte[0]);
  }

  /** Heketi's answer as ours: its headers that matter, Location made a path Tandem serves. */
  static Answer relayed(HeketiClient.Raw raw) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : List.of("Content-Type", "X-Pending", "Retry-After", "Content-Disposition",
        "X-Content-Type-Options")) {
      String value = raw.header(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    String location = raw.header("Location");
    if (location != null) {
      URI uri = URI.create(location);
      headers.put("Location", uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
    return new Answer(raw.status(), headers, raw.body());
  }

  Answer withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Answer(status, copy, body);
  }
}

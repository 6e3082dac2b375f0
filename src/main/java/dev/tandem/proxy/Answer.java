package dev.tandem.proxy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

  Answer withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Answer(status, copy, body);
  }
}

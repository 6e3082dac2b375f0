package dev.tandem.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Tandem's API as the benchmarks' bootstrap admin calls it (HTTP Basic); any answer but the expected one (200 unless said) fails the run. */
final class AdminApi {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI base;
  private final String authorization;

  AdminApi(URI base, String adminSecret) {
    this.base = base;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString(("admin:" + adminSecret).getBytes(StandardCharsets.UTF_8));
  }

  URI resolve(String path) {
    return base.resolve(path);
  }

  String authorization() {
    return authorization;
  }

  /** {@code body} null: no body; otherwise sent with {@code type}. Answers the body of the 200. */
  String send(String method, String path, String body, String type) throws Exception {
    return send(method, path, body, type, 200);
  }

  /** The same, answering the body of the {@code status} expected (201 for a create). */
  String send(String method, String path, String body, String type, int status) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization);
    if (body != null) {
      request.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != status) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(2000, response.body().length())));
    }
    return response.body();
  }
}

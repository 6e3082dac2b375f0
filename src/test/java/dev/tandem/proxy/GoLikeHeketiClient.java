package dev.tandem.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Behaves like Heketi's Go client (client/api/go-client), as CLIENT-CONTRACT.md §2–3 describes it:
 * a fresh HS256 token per request with qsh over the path, POST bodies as JSON, initiating requests
 * retried on 429 only (Retry-After N + rand[0,10) s, else rand[10,30) s, 6 retries, same token),
 * polls every 400 ms with a fresh token and no retry, and a 303 followed by a re-signed GET. The
 * only liberty: {@code timeScale} shrinks the 429 waits, so tests do not sleep for minutes. Public for
 * the benchmarks ({@code dev.tandem.bench.BurstBench}).
 */
public final class GoLikeHeketiClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String server;
  private final String user;
  private final String key;
  private final double timeScale;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final List<String> exchanges = new ArrayList<>();
  final List<HttpResponse<String>> responses = new ArrayList<>();

  public GoLikeHeketiClient(String server, String user, String key, double timeScale) {
    this.server = server;
    this.user = user;
    this.key = key;
    this.timeScale = timeScale;
  }

  /** Every exchange so far, as {@code "METHOD path -> status"}, in order. */
  public List<String> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  /** A non-expected answer, with the trimmed body as its message (bodystring.go). */
  public static final class HeketiError extends RuntimeException {
    final int status;

    HeketiError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  public JsonNode volumeCreate(String body) {
    return poll(initiate("POST", "/volumes", body), 200);
  }

  public JsonNode volumeExpand(String id, int size) {
    return poll(initiate("POST", "/volumes/" + id + "/expand", "{\"expand_size\":" + size + "}"), 200);
  }

  public void volumeDelete(String id) {
    poll(initiate("DELETE", "/volumes/" + id, null), 204);
  }

  public JsonNode get(String path) {
    HttpResponse<String> r = send("GET", path, null, token("GET", path));
    expect(r, 200);
    return JSON.readTree(r.body());
  }

  /** The initial request: 202 required; on 429 the same request, same token, after the Go client's delay. */
  public HttpResponse<String> initiate(String method, String path, String body) {
    String token = token(method, path);
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt <= 6; attempt++) {
      r = send(method, path, body, token);
      if (r.statusCode() != 429) {
        break;
      }
      String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
      double seconds = retryAfter != null && retryAfter.matches("\\d+")
          ? Integer.parseInt(retryAfter) + ThreadLocalRandom.current().nextDouble(10)
          : 10 + ThreadLocalRandom.current().nextDouble(20);
      sleep((long) (seconds * 1000 * timeScale));
    }
    expect(r, 202);
    return r;
  }

  /** pollResponse: GET the Location every 400 ms while X-Pending: true; a 303 is followed, re-signed. */
  public JsonNode poll(HttpResponse<String> accepted, int finalStatus) {
    String location = accepted.headers().firstValue("Location")
        .orElseThrow(() -> new HeketiError(accepted.statusCode(), "http: no Location header in response"));
    String path = URI.create(server).resolve(location).getRawPath();
    while (true) {
      HttpResponse<String> r = send("GET", path, null, token("GET", path));
      if ("true".equals(r.headers().firstValue("X-Pending").orElse(null))) {
        expect(r, 200);
        sleep(400);
        continue;
      }
      while (r.statusCode() == 303) {
        String next = URI.create(server).resolve(r.headers().firstValue("Location").orElseThrow()).getRawPath();
        r = send("GET", next, null, token("GET", next));
      }
      expect(r, finalStatus);
      return finalStatus == 200 ? JSON.readTree(r.body()) : null;
    }
  }

  public HttpResponse<String> send(String method, String path, String body, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      synchronized (exchanges) {
        exchanges.add(method + " " + path + " -> " + r.statusCode());
        responses.add(r);
      }
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String token(String method, String path) {
    long now = System.currentTimeMillis() / 1000;
    return token(method, path, now, now + 300, key);
  }

  String token(String method, String path, long iat, long exp, String signingKey) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"exp\":" + exp + ",\"iat\":" + iat + ",\"iss\":\"" + user + "\",\"qsh\":\"" + qsh(method, path)
        + "\"}";
    String unsigned = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return unsigned + "." + b64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String qsh(String method, String path) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((method + "&" + path).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      String body = r.body().strip();
      throw new HeketiError(r.statusCode(), body.isEmpty()
          ? "server did not provide a message (status " + r.statusCode() + ")" : body);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tandem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests against the running server on loopback. */
public final class TestHttp {

  public static final String JSON = "application/json";
  public static final String YAML = "application/yaml";
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** The bootstrap admin of the test configuration (src/test/resources/config/application.yaml). */
  public static final String ADMIN_SECRET = "test-admin-secret";

  private final String base;
  private final String authorization;

  /** A client authenticated as the bootstrap admin. */
  public TestHttp(int port) {
    this(port, "admin", ADMIN_SECRET);
  }

  /** A client authenticated with HTTP Basic, or anonymous when {@code name} is null. */
  public TestHttp(int port, String name, String secret) {
    this.base = "http://127.0.0.1:" + port;
    this.authorization = name == null ? null : "Basic " + java.util.Base64.getEncoder()
        .encodeToString((name + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The runbook's platform, as checked in. */
  public static String example() {
    try {
      return Files.readString(Path.of("config/examples/rhv-ocp.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }

  public Response get(String path) {
    return send("GET", path, null, null, JSON);
  }

  public Response get(String path, String accept) {
    return send("GET", path, null, null, accept);
  }

  public Response put(String path, String contentType, String body) {
    return send("PUT", path, contentType, body, JSON);
  }

  public Response post(String path, String body) {
    return send("POST", path, JSON, body, JSON);
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null, JSON);
  }

  public Response send(String method, String path, String contentType, String body, String accept) {
    return send(method, path, contentType, body, accept, authorization);
  }

  /** A request with this Authorization header (or none). */
  public Response send(String method, String path, String contentType, String body, String accept,
      String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", accept)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Location").orElse(null), response.body(),
          response.headers().firstValue("Retry-After").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Response(int status, String contentType, String location, String body, String retryAfter) {
    public JsonNode json() {
      return parse(body);
    }

    public boolean isProblem() {
      return contentType.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }
}

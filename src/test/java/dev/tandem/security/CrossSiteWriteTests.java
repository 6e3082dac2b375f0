package dev.tandem.security;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.proxy.GoLikeTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A web page cannot make a browser write to Tandem with the credentials it has cached: every write
 * route of both APIs, read from the running application's request mappings, refuses a cross-site
 * form POST carrying valid admin credentials and changes nothing; bodies of the media types a page
 * can send without asking are refused; curl and automation are not affected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrossSiteWriteTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final String ABSENT = "0123456789abcdef0123456789abcdef";
  static final String TRUSTED = "https://ui.example.test";
  static final Set<RequestMethod> WRITES = Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
      RequestMethod.DELETE);
  static final Map<String, String> CROSS_SITE = Map.of("Origin", "https://evil.example", "Sec-Fetch-Site",
      "cross-site");
  static final String FORM = "application/x-www-form-urlencoded";
  /** A form whose one field name is a JSON document, as a page would build it. */
  static final String FORM_BODY = "{\"type\":\"wipe-devices\",\"confirm\":true,\"name\":\"evil\",\"role\":\"admin\"}=";

  @DynamicPropertySource
  static void heketi(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:crosssite;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    registry.add("tandem.security.trusted-origins", () -> TRUSTED);
  }

  @AfterAll
  static void stop() {
    HEKETI.shutdown();
  }

  @LocalServerPort int port;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  TestHttp admin;

  @BeforeEach
  void platform() {
    admin = new TestHttp(port);
    admin.delete("/api/v1/clients/victim");
    assertThat(admin.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    assertThat(admin.post("/api/v1/clients", "{\"name\":\"victim\",\"role\":\"viewer\"}").status()).isEqualTo(201);
  }

  @Test
  void aCrossSiteFormWithAdminCredentialsChangesNothingOnAnyWriteRoute() {
    List<String> routes = writeRoutes();
    assertThat(routes).as("the write routes of both APIs").contains("POST /api/v1/jobs",
        "POST /api/v1/clients/{name}/rotate", "PUT /api/v1/platform", "POST /volumes", "DELETE /volumes/**");
    String before = state();
    long heketiWrites = HEKETI.writes();
    List<String> answered = new ArrayList<>();
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String path = concrete(route.substring(route.indexOf(' ') + 1));
      HttpResponse<String> answer = send(method, path, FORM, FORM_BODY, adminCredential(method, path), CROSS_SITE);
      if (answer.statusCode() != 403) {
        answered.add(route + " -> " + answer.statusCode() + " " + answer.body());
      }
    }
    assertThat(answered).isEmpty();
    assertThat(HEKETI.writes()).isEqualTo(heketiWrites);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void eachBrowserSignalAloneRefusesAWriteAndOwnOrTrustedOriginsPass() {
    String path = "/api/v1/clients/victim/rotate";
    String rotatedBefore = admin.get("/api/v1/clients/victim").json().path("rotatedAt").asString("");
    for (Map<String, String> headers : List.of(Map.of("Sec-Fetch-Site", "cross-site"),
        Map.of("Sec-Fetch-Site", "same-site"), Map.of("Origin", "https://evil.example"), Map.of("Origin", "null"),
        Map.of("Origin", "http://127.0.0.1:" + (port + 1)), Map.of("Origin", "https://127.0.0.1:" + port))) {
      HttpResponse<String> refused = send("POST", path, null, null, adminCredential("POST", path), headers);
      assertThat(refused.statusCode()).as(headers.toString()).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(refused.body()).contains("tandem.security.trusted-origins");
    }
    assertThat(admin.get("/api/v1/clients/victim").json().path("rotatedAt").asString("")).isEqualTo(rotatedBefore);

    String cancel = "/api/v1/jobs/absent/cancel";
    for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Sec-Fetch-Site", "same-origin"),
        Map.of("Sec-Fetch-Site", "none"), Map.of("Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin"),
        Map.of("Origin", TRUSTED, "Sec-Fetch-Site", "cross-site"))) {
      assertThat(send("POST", cancel, null, null, adminCredential("POST", cancel), headers).statusCode())
          .as(headers.toString()).isEqualTo(404);
    }
  }

  @Test
  void writesTakeOnlyTheirDocumentedMediaTypes() {
    String job = "{\"type\":\"provision-platform\",\"dryRun\":true}";
    for (String type : List.of(FORM, "text/plain", "multipart/form-data; boundary=x")) {
      HttpResponse<String> refused = send("POST", "/api/v1/jobs", type, job, adminCredential("POST", "/api/v1/jobs"),
          Map.of());
      assertThat(refused.statusCode()).as(type).isEqualTo(415);
      assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(refused.body()).contains("application/json");
    }
    assertThat(admin.get("/api/v1/jobs").json()).isEmpty();
    assertThat(send("POST", "/api/v1/jobs", JSON, job, adminCredential("POST", "/api/v1/jobs"), Map.of())
        .statusCode()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform?dryRun=true", YAML, TestHttp.example()).status()).isEqualTo(200);

    long heketiWrites = HEKETI.writes();
    HttpResponse<String> heketi = send("POST", "/volumes", "text/plain", "{\"size\":1}",
        adminCredential("POST", "/volumes"), Map.of());
    assertThat(heketi.statusCode()).isEqualTo(415);
    assertThat(heketi.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(HEKETI.writes()).isEqualTo(heketiWrites);
  }

  @Test
  void aRefusedCredentialNeverAsksTheBrowserForBasic() {
    HttpResponse<String> anonymous = send("GET", "/api/v1/pools", null, null, null, Map.of());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).noneMatch(v -> v.regionMatches(true, 0, "Basic", 0, 5));
  }

  /**
   * "METHOD pattern" of every write route of both APIs: Tandem's from its handler mappings, and every
   * write method on every root of the Heketi-compatible API (its endpoint takes every method there).
   */
  List<String> writeRoutes() {
    Set<String> routes = new TreeSet<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
      Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
      for (String pattern : e.getKey().getPatternValues()) {
        if (!pattern.startsWith("/api/v1")) {
          continue;
        }
        for (RequestMethod method : methods) {
          if (WRITES.contains(method)) {
            routes.add(method + " " + pattern);
          }
        }
      }
    }
    for (String root : AccessPolicy.HEKETI_ROOTS) {
      for (RequestMethod method : WRITES) {
        routes.add(method + " /" + root);
        routes.add(method + " /" + root + "/**");
      }
    }
    return new ArrayList<>(routes);
  }

  /** A pattern made a path that names existing objects where it can. */
  static String concrete(String pattern) {
    return pattern.replace("{pool}", "gluster-ocp").replace("{host}", "node1").replace("{device}", "sdb")
        .replace("{name}", "victim").replace("**", ABSENT).replaceAll("\\{[^}]+}", "x");
  }

  String adminCredential(String method, String path) {
    if (path.startsWith("/api/")) {
      return "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestHttp.ADMIN_SECRET)
          .getBytes(StandardCharsets.UTF_8));
    }
    return "bearer " + new GoLikeTokens("admin", TestHttp.ADMIN_SECRET).sign(method, path.split("\\?")[0]);
  }

  /** What a write could change: the platform, the clients, the jobs, the volumes. */
  String state() {
    return admin.get("/api/v1/platform").body() + admin.get("/api/v1/clients").body() + admin.get("/api/v1/jobs").body()
        + admin.get("/api/v1/pools/gluster-ocp/volumes").body();
  }

  HttpResponse<String> send(String method, String path, String contentType, String body, String authorization,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in OpenAPI document ({@code openapi/tandem-api.json}) is the running API's. After an
 * intended API change, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true} and commit the result.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

  static final Path CHECKED_IN = Path.of("openapi/tandem-api.json");

  @LocalServerPort int port;

  JsonNode served() {
    TestHttp.Response docs = new TestHttp(port).get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    return docs.json();
  }

  @Test
  void checkedInDocumentMatchesTheRunningApi() throws IOException {
    JsonNode served = served();
    if (Boolean.getBoolean("openapi.write")) {
      JsonMapper pretty = JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT, SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
      Files.writeString(CHECKED_IN, pretty.writeValueAsString(pretty.treeToValue(served, Object.class)) + "\n");
    }
    JsonNode checkedIn = TestHttp.parse(Files.readString(CHECKED_IN));
    assertThat(served)
        .as("the API differs from %s: regenerate it with -Dopenapi.write=true and review the diff", CHECKED_IN)
        .isEqualTo(checkedIn);
  }

  @Test
  void everyErrorResponseIsDocumentedAsAProblem() {
    List<String> undocumented = new ArrayList<>();
    served().get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
      JsonNode responses = op.getValue().get("responses");
      assertThat(responses.has("400")).as(path.getKey() + " " + op.getKey()).isTrue();
      responses.properties().forEach(r -> {
        if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
          if (!r.getValue().at("/content").has("application/problem+json")) {
            undocumented.add(op.getKey() + " " + path.getKey() + " " + r.getKey());
          }
        }
      });
    }));
    assertThat(undocumented).isEmpty();
  }
}

package dev.tandem.heketi;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Heketi's recorded answers (copied from ../shared/heketi/transcripts into test
 * resources): stubs are built from these, never from guesses.
 */
public final class Transcripts {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One recorded exchange of a transcript file, by its name. */
  public static JsonNode exchange(String file, String name) {
    return exchanges(file).stream()
        .filter(e -> e.get("name").asString().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no exchange '" + name + "' in " + file));
  }

  public static List<JsonNode> exchanges(String file) {
    return StreamSupport.stream(load(file).get("exchanges").spliterator(), false).toList();
  }

  public static JsonNode load(String file) {
    try (InputStream in = Transcripts.class.getResourceAsStream("/heketi/transcripts/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no transcript " + file);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recorded response's body as the bytes' text: JSON re-serialized, text as it was. */
  public static String body(JsonNode response) {
    JsonNode body = response.get("body");
    if (body == null || body.isNull()) {
      return "";
    }
    return body.isString() ? body.asString() : JSON.writeValueAsString(body);
  }

  /** A WireMock response exactly as recorded: status, the recorded headers, body. */
  public static ResponseDefinitionBuilder response(String file, String name) {
    return response(exchange(file, name).get("response"));
  }

  public static ResponseDefinitionBuilder response(JsonNode response) {
    ResponseDefinitionBuilder builder = WireMock.aResponse().withStatus(response.get("status").asInt());
    response.get("headers").properties().forEach(h -> {
      if (!h.getValue().isNull()) {
        builder.withHeader(h.getKey(), h.getValue().asString());
      }
    });
    return builder.withBody(body(response));
  }

  private Transcripts() {}
}

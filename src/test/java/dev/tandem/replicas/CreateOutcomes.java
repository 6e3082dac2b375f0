package dev.tandem.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.heketi.FakeHeketi;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** How volume creates of the real pool ended, read through the replicas and checked against the Heketi stand-in. */
final class CreateOutcomes {

  /**
   * Every operation ends (succeeded or failed) within the bound, a succeeded create is a ready volume,
   * and Heketi holds exactly the volumes whose create succeeded, each POSTed once.
   */
  static void assertSettled(Replicas replicas, FakeHeketi heketi, Map<String, String> operations, Duration within) {
    Instant until = Instant.now().plus(within);
    Map<String, String> states = new HashMap<>();
    for (Map.Entry<String, String> op : operations.entrySet()) {
      String state = operationState(replicas, op.getValue());
      while (!Set.of("succeeded", "failed").contains(state) && Instant.now().isBefore(until)) {
        Replica.sleep(250);
        state = operationState(replicas, op.getValue());
      }
      states.put(op.getKey(), state);
    }
    assertThat(states).as("operations that did not end").allSatisfy((volume, state) ->
        assertThat(state).as(volume).isIn("succeeded", "failed"));
    Map<String, Long> posted = heketi.volumeRequests().stream()
        .collect(Collectors.groupingBy(v -> v.path("name").asString(), Collectors.counting()));
    for (Map.Entry<String, String> op : states.entrySet()) {
      String volume = op.getKey();
      assertThat(posted.getOrDefault(volume, 0L)).as("creates of %s Heketi received", volume).isLessThanOrEqualTo(1);
      if (op.getValue().equals("succeeded")) {
        assertThat(posted).as("%s succeeded, so Heketi has it", volume).containsKey(volume);
        JsonNode view = live(replicas).get("/api/v1/pools/" + ReplicaPlatform.REAL_POOL + "/volumes/" + volume).json();
        assertThat(view.get("state").asString()).as("%s", view).isEqualTo("ready");
      } else {
        assertThat(posted).as("%s failed, so Heketi never made it", volume).doesNotContainKey(volume);
      }
    }
  }

  private static String operationState(Replicas replicas, String path) {
    Response answer = live(replicas).get(path);
    return answer.status() == 200 ? answer.json().get("state").asString() : "http " + answer.status();
  }

  /** An admin client on a replica that is running. */
  private static TestHttp live(Replicas replicas) {
    return replicas.all().stream().filter(Replica::alive).findFirst().orElseThrow()
        .admin(Replicas.ADMIN_SECRET);
  }

  private CreateOutcomes() {}
}

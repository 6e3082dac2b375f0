package dev.tandem.heketi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in's calibrated mode, on a clock the test moves: pending before an operation's delay, done after;
 * its device states and deletion with Heketi's answers.
 */
class FakeHeketiCoreTests {

  private static final long MS = 1_000_000;

  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final HeketiTokens tokens = new HeketiTokens("admin", FakeHeketiCore.ADMIN_KEY, Clock.systemUTC());
  private FakeHeketiCore heketi;
  private String clusterId;

  @BeforeEach
  void calibratedHeketiWithACluster() {
    heketi = new FakeHeketiCore(2048);
    heketi.calibrate(now::get);
    clusterId = FakeHeketiCore.JSON.readTree(send("POST", "/clusters", "{}").body()).get("id").asString();
  }

  @Test
  void aNodeAddIsPendingUntilThreeMillisecondsAndDoneBySix() {
    String queue = send("POST", "/nodes", nodeAdd("node-a")).headers().get("Location");

    now.addAndGet(MS);
    assertThat(poll(queue).headers()).containsEntry("X-Pending", "true");
    now.addAndGet(2 * MS - 1);
    assertThat(poll(queue).headers()).containsEntry("X-Pending", "true");
    now.addAndGet(3 * MS + 1);
    HeketiAnswer done = poll(queue);
    assertThat(done.status()).isEqualTo(303);
    assertThat(done.headers().get("Location")).startsWith("/nodes/");
    assertThat(poll(queue).status()).isEqualTo(404);
  }

  @Test
  void aDeviceAddIsDoneAfterFiveMillisecondsWith204() {
    String node = nodeId(send("POST", "/nodes", nodeAdd("node-b")).headers().get("Location"));
    String queue = send("POST", "/devices", "{\"node\":\"" + node + "\",\"name\":\"/dev/sdc\"}").headers().get("Location");

    now.addAndGet(MS);
    assertThat(poll(queue).headers()).containsEntry("X-Pending", "true");
    now.addAndGet(4 * MS - 1);
    assertThat(poll(queue).headers()).containsEntry("X-Pending", "true");
    now.addAndGet(1);
    assertThat(poll(queue).status()).isEqualTo(204);
  }

  @Test
  void theNinthVolumeCreateInElevenMillisecondsIsRefusedWithHeketis429() {
    String node = nodeId(send("POST", "/nodes", nodeAdd("node-c")).headers().get("Location"));
    send("POST", "/devices", "{\"node\":\"" + node + "\",\"name\":\"/dev/sdc\"}");
    now.addAndGet(6 * MS);
    String create = "{\"size\":1,\"durability\":{\"type\":\"none\"}}";
    for (int i = 0; i < 8; i++) {
      assertThat(send("POST", "/volumes", create).status()).isEqualTo(202);
    }

    assertThat(send("POST", "/volumes", create).status()).isEqualTo(429);
    now.addAndGet(11 * MS);
    assertThat(send("POST", "/volumes", create).status()).isEqualTo(202);
  }

  @Test
  void aDeviceFailsOnlyOnceOfflineAndIsDeletedOnlyOnceFailedWithHeketisTexts() {
    String node = nodeId(send("POST", "/nodes", nodeAdd("node-d")).headers().get("Location"));
    done(send("POST", "/devices", "{\"node\":\"" + node + "\",\"name\":\"/dev/sdc\"}").headers().get("Location"));
    String id = heketi.node(node).at("/devices/0/id").asString();

    HeketiAnswer online = send("DELETE", "/devices/" + id, "");
    assertThat(online.status()).isEqualTo(400);
    assertThat(online.body()).isEqualTo("device: " + id + " is not in failed state\n");
    HeketiAnswer notOffline = done(send("POST", "/devices/" + id + "/state", "{\"state\":\"failed\"}")
        .headers().get("Location"));
    assertThat(notOffline.status()).isEqualTo(500);
    assertThat(notOffline.body()).startsWith("Device must be offline before remove operation is performed");
    for (String state : new String[] {"offline", "failed"}) {
      HeketiAnswer accepted = send("POST", "/devices/" + id + "/state", "{\"state\":\"" + state + "\"}");
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(done(accepted.headers().get("Location")).status()).isEqualTo(204);
    }
    assertThat(done(send("DELETE", "/devices/" + id, "").headers().get("Location")).status()).isEqualTo(204);
    assertThat(heketi.node(node).get("devices").isEmpty()).isTrue();
  }

  private HeketiAnswer done(String queue) {
    now.addAndGet(6 * MS);
    return poll(queue);
  }

  private String nodeAdd(String host) {
    return "{\"cluster\":\"" + clusterId + "\",\"zone\":1,\"hostnames\":{\"manage\":[\"" + host
        + "\"],\"storage\":[\"10.0.0.1\"]}}";
  }

  /** Polls until the node add is done (its 303 names the node), moving the clock past its delay. */
  private String nodeId(String queue) {
    now.addAndGet(6 * MS);
    return poll(queue).headers().get("Location").substring("/nodes/".length());
  }

  private HeketiAnswer poll(String location) {
    return send("GET", location, "");
  }

  private HeketiAnswer send(String method, String path, String body) {
    return heketi.answer(new HeketiRequest(method, path, null, "bearer " + tokens.sign(method, path), body));
  }
}

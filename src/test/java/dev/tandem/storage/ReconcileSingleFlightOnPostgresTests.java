package dev.tandem.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.SharedSchemaReplicas;
import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.heketi.FakeHeketi;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Reconciles are single-flight across two replicas on one PostgreSQL schema. */
class ReconcileSingleFlightOnPostgresTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static SharedSchemaReplicas replicas;
  static ConfigurableApplicationContext a;
  static ConfigurableApplicationContext b;

  @BeforeAll
  static void twoReplicas() {
    replicas = new SharedSchemaReplicas();
    String[] args = {"--tandem.heketi.url=" + HEKETI.url(), "--tandem.heketi.admin-key=" + FakeHeketi.ADMIN_KEY,
        "--tandem.heketi.poll-interval=20ms"};
    a = replicas.start(args);
    b = replicas.start(args);
  }

  @AfterAll
  static void stop() {
    replicas.close();
    HEKETI.shutdown();
  }

  @BeforeEach
  void freshPlatform() {
    TestHttp http = new TestHttp(SharedSchemaReplicas.port(a));
    assertThat(http.put("/api/v1/platform?cascade=true", TestHttp.JSON, "{}").status()).isEqualTo(200);
    HEKETI.reset();
    assertThat(http.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);
    // each node and device takes a while, so that two reconciles started together overlap
    HEKETI.delayTerminalAnswers(150);
  }

  @Test
  void twoReconcilesStartedTogetherOnTwoReplicasMakeTheWritesOfExactlyOne() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Response> onA = reconcileAt(a, go);
    CompletableFuture<Response> onB = reconcileAt(b, go);
    go.countDown();
    List<Response> answers = List.of(onA.get(), onB.get());

    assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(200, 409);
    Response refused = answers.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("type").asString()).isEqualTo("urn:tandem:problem:reconcile-running");
    Response done = answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
    long reported = done.json().at("/heketiCalls/writes").asLong();
    assertThat(reported).isPositive();
    assertThat(HEKETI.writes()).isEqualTo(reported);
    assertThat(HEKETI.clusters()).hasSize(2);
  }

  @Test
  void aJobsReconcileWaitsForTheOneRunningOnAnotherReplicaThenFindsNothingToDo() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Response> onA = reconcileAt(a, go);
    go.countDown();
    for (int i = 0; i < 3000 && HEKETI.writes() == 0 && !onA.isDone(); i++) {   // up to 30 s
      Thread.sleep(10);
    }
    assertThat(HEKETI.writes()).as("A's reconcile has begun writing: " + (onA.isDone() ? onA.get() : "")).isPositive();
    ReconcileReport waited = b.getBean(Reconciler.class).reconcile(List.of("gluster-ocp", "gluster-rhv"), false);

    assertThat(onA.get().status()).isEqualTo(200);
    assertThat(waited.heketiCalls().writes()).isZero();
    assertThat(HEKETI.writes()).isEqualTo(onA.get().json().at("/heketiCalls/writes").asLong());
    assertThat(HEKETI.clusters()).hasSize(2);
  }

  private static CompletableFuture<Response> reconcileAt(ConfigurableApplicationContext replica, CountDownLatch go) {
    TestHttp http = new TestHttp(SharedSchemaReplicas.port(replica));
    return CompletableFuture.supplyAsync(() -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return http.post("/api/v1/reconcile", "");
    });
  }
}

package dev.tandem.heketi;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The stateful stand-in Heketi ({@link FakeHeketiCore}) served by WireMock, for tests: its queue
 * answers pending once, then the terminal answer, then "Id not found". For benchmarks, where
 * WireMock is too slow, {@link FastHeketi} serves the same core.
 */
public final class FakeHeketi implements ResponseTransformerV2 {

  public static final String ADMIN_KEY = FakeHeketiCore.ADMIN_KEY;

  private final FakeHeketiCore core;
  private WireMockServer server;

  public FakeHeketi(long deviceGiB) {
    this.core = new FakeHeketiCore(deviceGiB);
  }

  public FakeHeketi listen() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1").extensions(this));
    server.start();
    server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
    return this;
  }

  public void shutdown() {
    server.stop();
  }

  public String url() {
    return server.baseUrl();
  }

  @Override
  public String getName() {
    return "fake-heketi";
  }

  @Override
  public Response transform(Response ignored, ServeEvent event) {
    Request request = event.getRequest();
    URI uri = URI.create(request.getUrl());
    HeketiAnswer answer = core.answer(new HeketiRequest(request.getMethod().getName(), uri.getRawPath(),
        uri.getRawQuery(), request.getHeader("Authorization"), request.getBodyAsString()));
    Response.Builder response = Response.response().status(answer.status())
        .headers(new HttpHeaders(answer.headers().entrySet().stream()
            .map(h -> new HttpHeader(h.getKey(), h.getValue())).toList()));
    if (answer.body() != null) {
      response.body(answer.bytes());
    }
    return answer.delayMillis() == 0 ? response.build() : response.incrementInitialDelay(answer.delayMillis()).build();
  }

  // ---- what tests read ----

  public List<String> calls() {
    return core.calls();
  }

  /** Calls that change Heketi: initiating POSTs and DELETEs. */
  public long writes() {
    return core.calls().stream().filter(c -> c.startsWith("POST ") || c.startsWith("DELETE ")).count();
  }

  public Map<String, JsonNode> clusters() {
    return core.clusters();
  }

  public JsonNode node(String id) {
    return core.node(id);
  }

  public List<JsonNode> volumeRequests() {
    return core.volumeRequests();
  }

  /** Puts a brick of {@code sizeKiB} on a device (as a volume's would be); answers its id. */
  public String brick(String deviceId, long sizeKiB) {
    return core.brick(deviceId, sizeKiB);
  }

  /**
   * Whether moving a device's bricks off it fails as it did on the recorded server (its mock executor):
   * the queue answers 500 "Id not found", the device stays offline. Until {@link #reset()}.
   */
  public void evictionFailsAsRecorded(boolean fails) {
    core.evictionFailsAsRecorded(fails);
  }

  /**
   * A removal of the device (state failed) is in progress, as after a removal whose caller stopped waiting:
   * the device is offline, its bricks still listed, and another removal of it is refused as Heketi's
   * source refuses one while operations are pending on the device (DeviceRemoveOperation.Build: 500
   * "The target exists, contains other items, or is in use."). Until {@link #evictionEnds}.
   */
  public void evictionInProgress(String deviceId) {
    core.evictionInProgress(deviceId);
  }

  /**
   * The removal ends and the device is failed: with every brick moved, or, as Heketi's Finalize also marks
   * it failed, with the bricks it did not move still listed.
   */
  public void evictionEnds(String deviceId, boolean everyBrickMoved) {
    core.evictionEnds(deviceId, everyBrickMoved);
  }

  /** Forgets everything: a fresh, empty Heketi. */
  public void reset() {
    core.reset();
  }

  /** Heketi restarted: its in-memory queue is gone, its database is not. */
  public void forgetQueue() {
    core.forgetQueue();
  }

  /** The most operations that were queued and not yet answered at one time, since {@link #resetPeakInFlight()}. */
  public int peakInFlight() {
    return core.peakInFlight();
  }

  public void resetPeakInFlight() {
    core.resetPeakInFlight();
  }

  /** Sends each terminal queue answer this much later (after the entry is gone, as on a slow link). */
  public void delayTerminalAnswers(long millis) {
    core.delayTerminalAnswers(millis);
  }

  /** Each queued operation answers pending this many times before its terminal answer (1 by default). */
  public void pendingPolls(int polls) {
    core.pendingPolls(polls);
  }

  /** Every queued operation from now on gets the same queue id, as no real Heketi does. */
  public void repeatQueueIds(boolean repeat) {
    core.repeatQueueIds(repeat);
  }

  public void maxInFlight(int max) {
    core.maxInFlight(max);
  }

  /** What GET /backup/db answers from now on (until {@link #reset()}: a small BoltDB file, {@link BoltFiles}). */
  public void backupFile(byte[] file) {
    core.backupFile(file);
  }

  /**
   * GET /internal/state/examine/gluster answers as recorded with the recorded ids replaced by these
   * (recorded id to id of this stand-in), or, given null, as a Heketi without that path does (404).
   */
  public void examineAs(Map<String, String> ids) {
    core.examineAs(ids);
  }

  /** Adds an empty cluster as if made outside Tandem (by heketi-cli, say); answers its id. */
  public String clusterMadeElsewhere() {
    return core.clusterMadeElsewhere();
  }

  /** Adds a volume as if made outside Tandem (by heketi-cli, say). */
  public String volumeMadeElsewhere(String clusterId, String name, int sizeGiB) {
    return core.volumeMadeElsewhere(clusterId, name, sizeGiB);
  }

  /** Removes a device from its node as if deleted in Heketi outside Tandem (heketi-cli device delete); answers its id. */
  public String deviceRemovedElsewhere(String nodeId, String name) {
    return core.deviceRemovedElsewhere(nodeId, name);
  }

  /** Sets a node's or a device's state as if changed outside Tandem (heketi-cli device disable, say). */
  public void stateSetElsewhere(String id, String state) {
    core.stateSetElsewhere(id, state);
  }
}

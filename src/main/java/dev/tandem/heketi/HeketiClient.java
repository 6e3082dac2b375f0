package dev.tandem.heketi;

import dev.tandem.heketi.HeketiModel.ClusterCreateRequest;
import dev.tandem.heketi.HeketiModel.ClusterInfo;
import dev.tandem.heketi.HeketiModel.ClusterList;
import dev.tandem.heketi.HeketiModel.DeviceAddRequest;
import dev.tandem.heketi.HeketiModel.NodeAddRequest;
import dev.tandem.heketi.HeketiModel.NodeInfo;
import dev.tandem.heketi.HeketiModel.VolumeCreateRequest;
import dev.tandem.heketi.HeketiModel.VolumeExpandRequest;
import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.heketi.HeketiModel.VolumeList;
import dev.tandem.heketi.HeketiRequests.Reply;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heketi's API as Java calls, over {@link HeketiRequests} (JSON, and the bounded retry of an initiating
 * request answered 429, which never reached Heketi's queue) and {@link HeketiTransport}. Every request
 * carries a fresh token for the path actually sent, redirects are never followed automatically (a 303
 * is followed here, re-signed), and nothing that may have reached Heketi is ever sent twice: a POST
 * whose answer was lost, or a poll that failed, ends the call with an error instead. Asynchronous
 * operations take places of Heketi's in-flight limit from {@link HeketiSlots}.
 */
public class HeketiClient {

  private static final Logger log = LoggerFactory.getLogger(HeketiClient.class);
  /** The pause before the second poll of an operation (the first is at once); see {@link #await}. */
  static final long FIRST_PAUSE_MILLIS = 2;

  private final HeketiProperties properties;
  private final HeketiTransport transport;
  private final HeketiRequests requests;
  private final HeketiSlots inFlight;
  /** The places this thread took in {@link #start} and has not given back by {@link #finish()}. */
  private final ThreadLocal<Deque<String>> taken;

  /** A client whose in-flight limit counts in this JVM only. */
  public HeketiClient(HeketiProperties properties, HeketiTokens tokens) {
    this(properties, tokens, HeketiSlots.local(properties.maxInFlight()));
  }

  /** A client whose in-flight limit is counted by {@code slots} (e.g. across replicas, {@link SharedHeketiSlots}). */
  public HeketiClient(HeketiProperties properties, HeketiTokens tokens, HeketiSlots slots) {
    this(properties, new HeketiRequests(properties, new HeketiTransport(properties, tokens)), slots,
        ThreadLocal.withInitial(ArrayDeque::new));
  }

  private HeketiClient(HeketiProperties properties, HeketiRequests requests, HeketiSlots inFlight,
      ThreadLocal<Deque<String>> taken) {
    this.properties = properties;
    this.transport = requests.transport();
    this.requests = requests;
    this.inFlight = inFlight;
    this.taken = taken;
  }

  /** The same client, also counting its calls into {@code calls}. */
  public HeketiClient counting(HeketiCalls calls) {
    return new HeketiClient(properties, requests.counting(calls), inFlight, taken);
  }

  /** Heketi's URL, or null when Tandem has none (every call then answers {@link HeketiNotConfiguredException}). */
  public URI url() {
    return transport.url();
  }

  /** Points this client (and every view of it) at another Heketi, signing with its admin key. */
  public void repoint(URI url, String adminKey) {
    transport.repoint(url, adminKey);
    log.info("Heketi client now points at {}", url);
  }

  /** Refuses at once, before anything is recorded, when Tandem has no Heketi to send {@code what} to. */
  public void requireConfigured(String what) {
    if (transport.url() == null) {
      throw new HeketiNotConfiguredException(what);
    }
  }

  /**
   * Whether a Heketi answers {@code GET /hello} at {@code url} within {@code timeout}, as Heketi
   * does ("Hello from Heketi"); Tandem's own hop marker goes with it, so a Tandem answers 508.
   */
  public boolean answersHello(URI url, Duration timeout) {
    try {
      Raw hello = transport.hello(url, timeout, "GET " + url.resolve("/hello"));
      return hello.status() == 200 && new String(hello.body(), StandardCharsets.UTF_8).startsWith("Hello from Heketi");
    } catch (HeketiUnavailableException e) {
      return false;
    }
  }

  /** Connections to Heketi held by requests right now (0 when Tandem is idle). */
  public int leasedConnections() {
    return transport.leased();
  }

  // ---- reads ----

  public ClusterList clusters() {
    return get("/clusters", ClusterList.class);
  }

  public ClusterInfo cluster(String id) {
    return get("/clusters/" + id, ClusterInfo.class);
  }

  public NodeInfo node(String id) {
    return get("/nodes/" + id, NodeInfo.class);
  }

  public VolumeList volumes() {
    return get("/volumes", VolumeList.class);
  }

  public VolumeInfo volume(String id) {
    return get("/volumes/" + id, VolumeInfo.class);
  }

  // ---- writes ----

  /** POST /clusters, synchronous: 201 with the new cluster. */
  public ClusterInfo createCluster(boolean file, boolean block) {
    Reply reply = requests.initiate("POST", "/clusters", new ClusterCreateRequest(file, block));
    HeketiRequests.expect(reply, 201, "create cluster");
    return requests.read(reply, ClusterInfo.class);
  }

  /** POST /nodes, then the queue until the node exists. */
  public NodeInfo addNode(NodeAddRequest request) {
    return requests.read(runToResource("POST", "/nodes", request, "add node " + request.hostnames().manage()),
        NodeInfo.class);
  }

  /** POST /devices, then the queue until Heketi has the device (204). */
  public void addDevice(DeviceAddRequest request) {
    runToEnd("POST", "/devices", request, "add device " + request.name() + " to node " + request.node());
  }

  public VolumeInfo createVolume(VolumeCreateRequest request) {
    return requests.read(runToResource("POST", "/volumes", request, "create volume " + request.name()),
        VolumeInfo.class);
  }

  public VolumeInfo expandVolume(String id, int addGiB) {
    return requests.read(runToResource("POST", "/volumes/" + id + "/expand", new VolumeExpandRequest(addGiB),
        "expand volume " + id), VolumeInfo.class);
  }

  public void deleteVolume(String id) {
    runToEnd("DELETE", "/volumes/" + id, null, "delete volume " + id);
  }

  // ---- the asynchronous protocol, in steps a caller can persist between ----

  /**
   * Sends an initiating request of an asynchronous operation and answers its queue path (the 202's
   * Location). Takes a place of Heketi's in-flight limit (waiting for one), which is given back by
   * {@link #finish()} on the same thread, or when a {@link #poll} (on any replica) sees the operation end.
   */
  public String start(String method, String path, Object body, String what) {
    String slot = acquire(what);
    taken.get().push(slot);
    try {
      Reply reply = requests.initiate(method, path, body);
      HeketiRequests.expect(reply, 202, what);
      String location = reply.header("Location");
      if (location == null) {
        throw new HeketiException(what, 202, "no Location header in Heketi's 202");
      }
      String queuePath = URI.create(location).getRawPath();
      inFlight.attach(slot, queuePath);
      return queuePath;
    } catch (RuntimeException e) {
      finish();
      throw e;
    }
  }

  /**
   * The in-flight place this thread's latest {@link #start} took stays with its operation, which another
   * replica follows: it is given back when a {@link #poll} sees the operation end.
   */
  public void handOver() {
    taken.get().poll();
  }

  /** Gives back the in-flight place this thread's latest {@link #start} took (none left: nothing happens). */
  public void finish() {
    String slot = taken.get().poll();
    if (slot != null) {
      inFlight.release(slot);
    }
  }

  /** One poll of a queue entry. A pending answer is not terminal; any other is, and Heketi forgets it. */
  public HeketiPoll poll(String queuePath, String what) {
    Reply reply = requests.send("GET", queuePath, null, false, what);
    if ("true".equals(reply.header("X-Pending")) && reply.status() == 200) {
      return new HeketiPoll.Pending();
    }
    // terminal, or unknown to Heketi (404): in neither case does the operation hold a place of Heketi's
    inFlight.ended(queuePath);
    return switch (reply.status()) {
      case 303 -> {
        if (reply.header("Location") == null) {
          throw new HeketiException(what, 303, "no Location header in Heketi's 303");
        }
        yield new HeketiPoll.Resource(URI.create(reply.header("Location")).getRawPath());
      }
      case 204 -> new HeketiPoll.Done();
      case 500 -> new HeketiPoll.Failed(reply.message());
      case 404 -> throw new HeketiException(what + ": Heketi no longer knows operation " + queuePath
          + ", so its outcome is unknown", reply.status(), reply.message());
      default -> throw new HeketiException(what + " (queue " + queuePath + ")", reply.status(), reply.message());
    };
  }

  /** Polls until the operation ends or the deadline passes; fails on Heketi's 500. */
  public HeketiPoll await(String queuePath, Instant deadline, String what) {
    return await(queuePath, deadline, what, () -> false);
  }

  /**
   * As {@link #await(String, Instant, String)}, but answers {@link HeketiPoll.Pending} once {@code stop} holds.
   * Polls adaptively: at once, then after {@value #FIRST_PAUSE_MILLIS} ms, each pause twice the one
   * before up to {@code poll-interval}: Heketi ends most operations within milliseconds, and a long one
   * is still polled only every {@code poll-interval}.
   */
  public HeketiPoll await(String queuePath, Instant deadline, String what, BooleanSupplier stop) {
    long pause = Math.min(FIRST_PAUSE_MILLIS, properties.pollInterval().toMillis());
    while (true) {
      HeketiPoll poll = poll(queuePath, what);
      if (poll instanceof HeketiPoll.Failed failed) {
        throw new HeketiException(what, 500, failed.message());
      }
      if (!(poll instanceof HeketiPoll.Pending) || stop.getAsBoolean()) {
        return poll;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new HeketiUnavailableException(what, transport.url(),
            new TimeoutException("still pending after " + properties.operationDeadline()
                + "; queue " + queuePath));
      }
      HeketiRequests.sleep(pause);
      pause = Math.min(2 * pause, properties.pollInterval().toMillis());
    }
  }

  /** GET of a 303's target, re-signed for its own path. */
  public <T> T follow(String location, Class<T> type, String what) {
    Reply reply = requests.send("GET", location, null, false, what);
    HeketiRequests.expect(reply, 200, what);
    return requests.read(reply, type);
  }

  public Instant deadline() {
    return Instant.now().plus(properties.operationDeadline());
  }

  private Reply runToResource(String method, String path, Object body, String what) {
    String queue = start(method, path, body, what);
    try {
      if (await(queue, deadline(), what) instanceof HeketiPoll.Resource resource) {
        Reply reply = requests.send("GET", resource.location(), null, false, what);
        HeketiRequests.expect(reply, 200, what);
        return reply;
      }
      throw new HeketiException(what, 204, "Heketi finished without naming the resource");
    } finally {
      finish();
    }
  }

  /** An asynchronous operation from its initiating request to its end; fails with Heketi's message. */
  void runToEnd(String method, String path, Object body, String what) {
    String queue = start(method, path, body, what);
    try {
      await(queue, deadline(), what);
    } finally {
      finish();
    }
  }

  // ---- transport ----

  <T> T get(String path, Class<T> type) {
    return requests.get(path, type);
  }

  /** A Heketi answer as bytes, for callers that relay it (the Heketi-compatible API, backups). */
  public record Raw(int status, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * One request to Heketi, signed for exactly the path sent ({@code path} may carry a query, which
   * the token does not cover), never retried and never redirected.
   */
  public Raw exchange(String method, String path, byte[] body, String contentType, String what) {
    return transport.exchange(method, path, body, contentType, what);
  }

  /** Heketi's database as a BoltDB file (GET /backup/db). */
  public byte[] backup() {
    Raw raw = exchange("GET", "/backup/db", null, null, "back up Heketi's database");
    if (raw.status() != 200) {
      throw new HeketiException("back up Heketi's database", raw.status(),
          new String(raw.body(), StandardCharsets.UTF_8).strip());
    }
    return raw.body();
  }

  private String acquire(String what) {
    try {
      return inFlight.take(what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeketiUnavailableException(what, transport.url(), e);
    }
  }
}

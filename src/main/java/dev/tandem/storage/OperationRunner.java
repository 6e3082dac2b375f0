package dev.tandem.storage;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.coordination.ClaimedWork.Outcome;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiLoopException;
import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.heketi.HeketiNotConfiguredException;
import dev.tandem.heketi.HeketiPoll;
import dev.tandem.heketi.HeketiUnavailableException;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.storage.OperationEntity.Kind;
import dev.tandem.storage.OperationEntity.State;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Runs volume operations on the {@link OperationLane} ({@code tandem.storage.operation-threads} threads
 * per replica), apart from the threads jobs use. A request is counted against the operations waiting
 * for a thread on every replica ({@code operation-queue}, counted in the database) and refused with a
 * 503 when they are that many; otherwise the operation is persisted {@code QUEUED} and scheduled in
 * one transaction, and a thread (normally of the replica that got the request) makes it {@code RUNNING}.
 * Each sends its request to Heketi once and follows Heketi's queue. If its replica dies, another one
 * carries it on from what was persisted: it follows the stored queue path, or, when the request may
 * have been sent without its queue path being stored, lets the {@link OutcomeResolver} settle it by
 * the volume's name; a delete alone is sent again (deleting is idempotent). When Tandem cannot observe
 * how an operation ended (a lost answer, a failed poll, the deadline passed) it becomes {@code UNKNOWN},
 * and the {@link OutcomeResolver} settles it by reading Heketi.
 */
@Component
class OperationRunner {

  private static final Logger log = LoggerFactory.getLogger(OperationRunner.class);

  /** Heketi answered for sure that the operation did not happen (or, with a queue, that it failed). */
  private static final class Refused extends RuntimeException {
    final ErrorResponseException error;
    /** Refused before Heketi queued anything. */
    final boolean nothingSent;

    Refused(ErrorResponseException error, boolean nothingSent) {
      super(error);
      this.error = error;
      this.nothingSent = nothingSent;
    }
  }

  private final HeketiClient heketi;
  private final HeketiBindings bindings;
  private final OperationStore store;
  private final OutcomeResolver resolver;
  private final StorageProperties.Operations config;
  private final ClaimedWork lane;
  private final TransactionTemplate tx;

  OperationRunner(HeketiClient heketi, HeketiBindings bindings, OperationStore store, OutcomeResolver resolver,
      StorageProperties properties, @Qualifier(OperationLane.BEAN) ClaimedWork lane, TransactionTemplate tx) {
    this.heketi = heketi;
    this.bindings = bindings;
    this.store = store;
    this.resolver = resolver;
    this.config = properties.storage();
    this.lane = lane;
    this.tx = tx;
  }

  /**
   * Persists the operation with {@code persist} and schedules it, in one transaction; 503 when
   * {@code operation-queue} operations already wait for a thread.
   */
  OperationEntity submit(Supplier<OperationEntity> persist) {
    return tx.execute(status -> {
      if (store.queuedLocked() >= config.operationQueue()) {
        throw full();
      }
      OperationEntity op = persist.get();
      lane.schedule(OperationLane.RUN, op.id);
      return op;
    });
  }

  /**
   * The lane's work: runs the operation, or hands it back when this replica is stopping — untouched
   * before it starts, or, while it follows Heketi's queue, with its queue path stored for the replica
   * that continues (the operation stays running; its place of Heketi's in-flight limit stays with it).
   */
  Outcome run(String id, BooleanSupplier stopping) {
    if (stopping.getAsBoolean()) {
      return Outcome.HANDED_BACK;
    }
    try {
      follow(id, stopping);
      return Outcome.DONE;
    } catch (HandedBack e) {
      log.info("{}: this replica is stopping; another follows Heketi's queue {}", e.what, e.queuePath);
      return Outcome.HANDED_BACK;
    }
  }

  /** The replica stopped while the operation was pending in Heketi's queue. */
  private static final class HandedBack extends RuntimeException {
    final String what;
    final String queuePath;

    HandedBack(String what, String queuePath) {
      super(what, null, false, false);
      this.what = what;
      this.queuePath = queuePath;
    }
  }

  private void follow(String id, BooleanSupplier stopping) {
    Optional<State> before = store.start(id);
    if (before.isEmpty()) {
      return;
    }
    OperationEntity op = store.get(id);
    // RUNNING before this start: its replica stopped or died while it ran, perhaps after sending the request.
    boolean maybeSent = before.get() == State.RUNNING && op.queuePath == null;
    try {
      VolumeEntity volume = store.volume(op).orElseThrow();
      switch (op.kind) {
        case CREATE -> runToVolume(op, stopping, maybeSent, "/volumes",
            () -> HeketiVolumeRequests.create(volume, bindings.layout(op.poolName)), OperationStore.Success::created);
        case EXPAND -> runToVolume(op, stopping, maybeSent, "/volumes/" + volume.heketiVolumeId + "/expand",
            () -> HeketiVolumeRequests.expand(op.argument), OperationStore.Success::expanded);
        case DELETE -> runDelete(op, stopping, volume);
      }
    } catch (HandedBack e) {
      throw e;
    } catch (Refused e) {
      refused(op, e);
    } catch (ErrorResponseException e) {
      unknown(op, e.getBody().getDetail());
    } catch (RuntimeException e) {
      log.error("{} failed in Tandem", op.describe(), e);
      unknown(op, "Tandem failed while following it: " + e.getMessage());
    }
  }

  /** A create or expand: sent once (unless a stop may already have sent it), followed, and Heketi's volume recorded. */
  private void runToVolume(OperationEntity op, BooleanSupplier stopping, boolean maybeSent, String path, Supplier<Object> body,
      Function<VolumeInfo, OperationStore.Success> success) {
    if (maybeSent) {
      unknown(op, "Tandem stopped before Heketi confirmed the request");
      return;
    }
    VolumeInfo info = follow(op, op.queuePath == null ? send(op, stopping, "POST", path, body.get()) : await(op, stopping));
    OperationStore.Success done = success.apply(info);
    store.settle(op.id, State.RUNNING, State.SUCCEEDED, done.message(), null, done.volumeChange());
  }

  private void runDelete(OperationEntity op, BooleanSupplier stopping, VolumeEntity volume) {
    try {
      // Sent again after a stop even if it may have been sent: deleting is idempotent.
      if (op.queuePath == null) {
        send(op, stopping, "DELETE", "/volumes/" + volume.heketiVolumeId, null);
      } else {
        await(op, stopping);
      }
    } catch (Refused e) {
      if (!(e.nothingSent && e.error instanceof HeketiException h && h.isNotFound())) {
        throw e;
      }
      // DELETE answered "Id not found": the volume is already gone from Heketi.
    }
    store.settle(op.id, State.RUNNING, State.SUCCEEDED, "deleted", null, store.forget());
  }

  /** Sends the initiating request once, stores the queue path, then follows the queue. */
  private HeketiPoll send(OperationEntity op, BooleanSupplier stopping, String method, String path, Object body) {
    String queue;
    try {
      queue = heketi.start(method, path, body, op.describe());
    } catch (HeketiException e) {
      throw new Refused(e, true);
    } catch (HeketiUnavailableException e) {
      if (neverSent(e)) {
        throw new Refused(e, true);
      }
      throw e;
    }
    boolean handedOver = false;
    try {
      store.queuePath(op.id, queue);
      op.queuePath = queue;
      return await(op, stopping);
    } catch (HandedBack e) {
      heketi.handOver();
      handedOver = true;
      throw e;
    } finally {
      if (!handedOver) {
        heketi.finish();
      }
    }
  }

  /** Follows the queue to its end: a 500 there is a failure Heketi reports; other errors leave the outcome open. */
  private HeketiPoll await(OperationEntity op, BooleanSupplier stopping) {
    try {
      HeketiPoll poll = heketi.await(op.queuePath, heketi.deadline(), op.describe(), stopping);
      if (poll instanceof HeketiPoll.Pending) {
        throw new HandedBack(op.describe(), op.queuePath);
      }
      return poll;
    } catch (HeketiException e) {
      if (e.upstreamStatus() == 500) {
        throw new Refused(e, false);
      }
      throw e;
    }
  }

  private VolumeInfo follow(OperationEntity op, HeketiPoll poll) {
    if (!(poll instanceof HeketiPoll.Resource resource)) {
      throw new HeketiException(op.describe(), 204, "Heketi finished without naming the volume");
    }
    return heketi.follow(resource.location(), VolumeInfo.class, op.describe());
  }

  /**
   * No Heketi is configured, the URL leads back to a Tandem (which refused the request at once), or
   * the connection was never made: the request cannot have reached Heketi.
   */
  private static boolean neverSent(HeketiUnavailableException e) {
    Throwable cause = e.getCause();
    return e instanceof HeketiNotConfiguredException || e instanceof HeketiLoopException
        || cause instanceof ConnectException || cause instanceof ConnectTimeoutException
        || cause instanceof UnknownHostException || cause instanceof InterruptedException;
  }

  private void refused(OperationEntity op, Refused e) {
    log.warn("{} failed: {}", op.describe(), e.error.getBody().getDetail());
    Integer upstream = e.error instanceof HeketiException h ? h.upstreamStatus() : null;
    String message = e.error instanceof HeketiException h ? h.upstreamMessage() : e.error.getBody().getDetail();
    Consumer<VolumeEntity> change = op.kind != Kind.CREATE ? OperationStore.volumeState(VolumeEntity.State.READY)
        // Heketi refused the request itself: nothing exists, the name is free again
        : e.nothingSent ? store.forget() : OperationStore.volumeState(VolumeEntity.State.FAILED);
    store.settle(op.id, State.RUNNING, State.FAILED, message, upstream, change);
  }

  /** Tandem did not see how it ended: record that and schedule the resolver's reads of Heketi, in one transaction. */
  private void unknown(OperationEntity op, String why) {
    log.warn("{}: outcome unknown: {}", op.describe(), why);
    tx.executeWithoutResult(status -> {
      if (store.settle(op.id, State.RUNNING, State.UNKNOWN, "outcome unknown (" + why + "); Tandem is reading"
          + " Heketi to find out", null, v -> { })) {
        resolver.resolve(op.id);
      }
    });
  }

  private ErrorResponseException full() {
    StorageException e = new StorageException(HttpStatus.SERVICE_UNAVAILABLE, "operations-busy",
        "Tandem already has " + config.operationQueue() + " volume operations waiting for a thread"
            + " (tandem.storage.operation-queue=" + config.operationQueue() + ", counted on all replicas; each runs"
            + " tandem.storage.operation-threads=" + config.operationThreads() + " at once)",
        "repeat the request once some have ended, or raise tandem.storage.operation-queue");
    e.getHeaders().set(HttpHeaders.RETRY_AFTER, "10");
    return e;
  }
}

package dev.tandem.storage;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.heketi.HeketiPoll;
import dev.tandem.heketi.HeketiProperties;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.storage.HeketiVolumes.Lookup;
import dev.tandem.storage.OperationEntity.Kind;
import dev.tandem.storage.OperationEntity.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Settles operations whose outcome Tandem could not observe ({@code UNKNOWN}) by reading Heketi:
 * first the operation's queue entry, if Tandem has one and Heketi still keeps it; then the objects
 * themselves. A create is settled by the volume's name in the pool's clusters, an expand by the
 * volume's size, a delete by whether Heketi still has the volume. Only an answer that settles the
 * question settles the operation; otherwise it stays {@code UNKNOWN} and is read again as work of the
 * {@link OperationLane} (so on one replica at a time, and carried on by another if that one dies), the
 * wait doubling from {@code tandem.storage.resolve-first-retry} up to {@code resolve-max-retry}.
 */
@Component
class OutcomeResolver {

  private static final Logger log = LoggerFactory.getLogger(OutcomeResolver.class);

  /** How an attempt settles an operation. */
  private record Verdict(State state, String message, Integer upstream, Consumer<VolumeEntity> volumeChange) {}

  private final HeketiClient heketi;
  private final HeketiVolumes lookup;
  private final HeketiBindings bindings;
  private final OperationStore store;
  private final StorageProperties.Operations config;
  private final Duration heketiDeadline;
  private final ClaimedWork lane;

  OutcomeResolver(HeketiClient heketi, HeketiVolumes lookup, HeketiBindings bindings, OperationStore store,
      StorageProperties properties, HeketiProperties heketiProperties,
      @Qualifier(OperationLane.BEAN) ClaimedWork lane) {
    this.heketi = heketi;
    this.lookup = lookup;
    this.bindings = bindings;
    this.store = store;
    this.config = properties.storage();
    this.heketiDeadline = heketiProperties.operationDeadline();
    this.lane = lane;
  }

  /**
   * Schedules the reads of Heketi about an operation that has just become unknown: the first at once,
   * the next ones on the schedule for as long as Heketi cannot tell. Joins the caller's transaction.
   */
  void resolve(String id) {
    lane.schedule(OperationLane.RESOLVE, id);
  }

  /**
   * One read on behalf of someone looking at the operation, at most once per first-retry interval
   * among all replicas (the scheduled reads count too).
   */
  void resolveOnDemand(String id) {
    if (store.claimResolution(id, config.resolveFirstRetry())) {
      attempt(id);
    }
  }

  /**
   * The lane's work: one read unless someone read Heketi within the first-retry interval; answers
   * when to read again, or null once the operation is settled. The wait is as long as the outcome has
   * been unknown, from the first retry up to the longest: it doubles from one read to the next.
   */
  Instant scheduledAttempt(String id) {
    Optional<OperationEntity> found = store.find(id);
    if (found.isEmpty() || found.get().state != State.UNKNOWN) {
      return null;
    }
    if (store.claimResolution(id, config.resolveFirstRetry()) && attempt(id)) {
      return null;
    }
    Duration unknownFor = Duration.between(found.get().updatedAt.toInstant(), Instant.now());
    Duration wait = unknownFor.compareTo(config.resolveFirstRetry()) < 0 ? config.resolveFirstRetry()
        : unknownFor.compareTo(config.resolveMaxRetry()) > 0 ? config.resolveMaxRetry() : unknownFor;
    return Instant.now().plus(wait);
  }

  /** One attempt; answers whether the operation is settled (by this attempt or before it). */
  boolean attempt(String id) {
    Optional<OperationEntity> found = store.find(id);
    if (found.isEmpty() || found.get().state != State.UNKNOWN) {
      return true;
    }
    OperationEntity op = found.get();
    try {
      Verdict verdict = verdict(op);
      if (verdict == null) {
        return false;
      }
      store.settle(id, State.UNKNOWN, verdict.state(), verdict.message(), verdict.upstream(), verdict.volumeChange());
      log.info("{}: outcome settled as {} by reading Heketi: {}", op.describe(), verdict.state(), verdict.message());
      return true;
    } catch (ErrorResponseException e) {
      log.info("{}: outcome still unknown ({})", op.describe(), e.getBody().getDetail());
      return false;
    } catch (RuntimeException e) {
      log.warn("{}: outcome still unknown", op.describe(), e);
      return false;
    }
  }

  /** What Heketi says happened, or null when it cannot tell yet. */
  private Verdict verdict(OperationEntity op) {
    if (op.queuePath != null) {
      HeketiPoll poll = pollOnce(op);
      if (poll instanceof HeketiPoll.Pending) {
        return null;
      }
      if (poll instanceof HeketiPoll.Failed failed) {
        return new Verdict(State.FAILED, failed.message(), 500, OperationStore.volumeState(
            op.kind == Kind.CREATE ? VolumeEntity.State.FAILED : VolumeEntity.State.READY));
      }
      if (poll instanceof HeketiPoll.Resource resource && op.kind != Kind.DELETE) {
        return present(op, heketi.follow(resource.location(), VolumeInfo.class, op.describe()));
      }
      if (poll instanceof HeketiPoll.Done && op.kind == Kind.DELETE) {
        return new Verdict(State.SUCCEEDED, "deleted (Heketi reported the end of the delete)", null, store.forget());
      }
    }
    PoolLayout layout = bindings.layout(op.poolName);
    Optional<VolumeEntity> volume = store.volume(op);
    if (op.kind != Kind.CREATE && (volume.isEmpty() || volume.get().heketiVolumeId == null)) {
      return new Verdict(State.FAILED, "Tandem no longer has a record of the volume's Heketi id", null, v -> { });
    }
    Lookup found = op.kind == Kind.CREATE ? lookup.byName(layout, op.volumeName)
        : lookup.byId(layout, volume.get().heketiVolumeId);
    if (found instanceof Lookup.Found f) {
      return op.kind == Kind.EXPAND ? bySize(op, volume.get(), f.info()) : present(op, f.info());
    }
    return found instanceof Lookup.Absent ? absent(op) : null;
  }

  /** One poll of the queue entry; null when Heketi no longer keeps it (its objects tell the rest). */
  private HeketiPoll pollOnce(OperationEntity op) {
    try {
      return heketi.poll(op.queuePath, op.describe());
    } catch (HeketiException e) {
      if (e.upstreamStatus() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** Heketi has the volume: a create or expand that succeeded, a delete that did not happen. */
  private Verdict present(OperationEntity op, VolumeInfo info) {
    return switch (op.kind) {
      case CREATE -> succeeded(OperationStore.Success.created(info));
      case EXPAND -> succeeded(OperationStore.Success.expanded(info));
      case DELETE -> new Verdict(State.FAILED, "Heketi still has volume " + info.id() + ": it was not deleted;"
          + " delete it again if needed", null, OperationStore.volumeState(VolumeEntity.State.READY));
    };
  }

  private static Verdict succeeded(OperationStore.Success success) {
    return new Verdict(State.SUCCEEDED, success.message(), null, success.volumeChange());
  }

  /** An expand is settled by the size: grown, or unchanged once Heketi can no longer be working on it. */
  private Verdict bySize(OperationEntity op, VolumeEntity volume, VolumeInfo info) {
    if (info.size() > volume.sizeGib) {
      return present(op, info);
    }
    return heketiMayStillRun(op) ? null : new Verdict(State.FAILED, "Heketi reports " + info.size() + " GiB, as before:"
        + " the expansion did not happen; repeat it if needed", null,
        OperationStore.volumeState(VolumeEntity.State.READY));
  }

  /**
   * Without a queue entry (the answer to the request was lost), Heketi may still be running a request
   * it accepted, up to its deadline: until then, "not there yet" is no answer.
   */
  private boolean heketiMayStillRun(OperationEntity op) {
    return op.queuePath == null && op.updatedAt.toInstant().plus(heketiDeadline).isAfter(Instant.now());
  }

  /** Heketi has no such volume: a create that did not happen (once it can no longer), a delete that did. */
  private Verdict absent(OperationEntity op) {
    if (op.kind == Kind.CREATE && heketiMayStillRun(op)) {
      return null;
    }
    return switch (op.kind) {
      case CREATE -> new Verdict(State.FAILED, "Heketi has no volume named " + op.volumeName + " in the pool's"
          + " clusters, so nothing was created: delete this record and repeat the request", null,
          OperationStore.volumeState(VolumeEntity.State.FAILED));
      case EXPAND -> new Verdict(State.FAILED, "Heketi no longer has the volume", null,
          OperationStore.volumeState(VolumeEntity.State.READY));
      case DELETE -> new Verdict(State.SUCCEEDED, "deleted (Heketi no longer has the volume)", null, store.forget());
    };
  }
}

package dev.tandem.storage;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiClient.Poll;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.heketi.HeketiProperties;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.storage.HeketiVolumes.Lookup;
import dev.tandem.storage.OperationEntity.Kind;
import dev.tandem.storage.OperationEntity.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Settles operations whose outcome Tandem could not observe ({@code UNKNOWN}) by reading Heketi:
 * first the operation's queue entry, if Tandem has one and Heketi still keeps it; then the objects
 * themselves. A create is settled by the volume's name in the pool's clusters, an expand by the
 * volume's size, a delete by whether Heketi still has the volume. Only an answer that settles the
 * question settles the operation; otherwise it stays {@code UNKNOWN} and is read again on a schedule,
 * the wait doubling from {@code tandem.storage.resolve-first-retry} up to {@code resolve-max-retry}.
 */
@Component
class OutcomeResolver implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(OutcomeResolver.class);

  /** How an attempt settles an operation. */
  private record Verdict(State state, String message, Integer upstream, Consumer<VolumeEntity> volumeChange) {}

  private final HeketiClient heketi;
  private final HeketiVolumes lookup;
  private final HeketiBindings bindings;
  private final OperationStore store;
  private final StorageProperties.Operations config;
  private final Duration heketiDeadline;
  private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
  private final Map<String, Instant> lastAttempt = new ConcurrentHashMap<>();
  private final Set<String> retrying = ConcurrentHashMap.newKeySet();

  OutcomeResolver(HeketiClient heketi, HeketiVolumes lookup, HeketiBindings bindings, OperationStore store,
      StorageProperties properties, HeketiProperties heketiProperties) {
    this.heketi = heketi;
    this.lookup = lookup;
    this.bindings = bindings;
    this.store = store;
    this.config = properties.storage();
    this.heketiDeadline = heketiProperties.operationDeadline();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("volume-resolve-");
    scheduler.setDaemon(true);
    scheduler.initialize();
  }

  /** Reads Heketi now, and again on the schedule for as long as it cannot tell. */
  void resolve(String id) {
    if (!attempt(id) && retrying.add(id)) {
      retryAfter(id, config.resolveFirstRetry());
    }
  }

  /** As {@link #resolve}, with the first read on the resolver's own thread (at start-up). */
  void resolveSoon(String id) {
    if (retrying.add(id)) {
      retryAfter(id, Duration.ZERO);
    }
  }

  /** One read on behalf of someone looking at the operation, at most once per first-retry interval. */
  void resolveOnDemand(String id) {
    Instant now = Instant.now();
    // claimed atomically: of many reads at the same moment, one reads Heketi
    boolean claimed = lastAttempt.compute(id, (key, last) ->
        last == null || last.plus(config.resolveFirstRetry()).isBefore(now) ? now : last) == now;
    if (claimed) {
      attempt(id);
    }
  }

  private void retryAfter(String id, Duration wait) {
    scheduler.schedule(() -> {
      if (attempt(id)) {
        retrying.remove(id);
      } else {
        retryAfter(id, nextWait(wait));
      }
    }, Instant.now().plus(wait));
  }

  /** Double the last wait, from the first retry's up to the longest. */
  private Duration nextWait(Duration wait) {
    Duration next = wait.isZero() ? config.resolveFirstRetry() : wait.multipliedBy(2);
    return next.compareTo(config.resolveMaxRetry()) > 0 ? config.resolveMaxRetry() : next;
  }

  /** One attempt; answers whether the operation is settled (by this attempt or before it). */
  boolean attempt(String id) {
    Optional<OperationEntity> found = store.find(id);
    if (found.isEmpty() || found.get().state != State.UNKNOWN) {
      lastAttempt.remove(id);
      return true;
    }
    OperationEntity op = found.get();
    lastAttempt.put(id, Instant.now());
    try {
      Verdict verdict = verdict(op);
      if (verdict == null) {
        return false;
      }
      store.settle(id, State.UNKNOWN, verdict.state(), verdict.message(), verdict.upstream(), verdict.volumeChange());
      log.info("{}: outcome settled as {} by reading Heketi: {}", op.describe(), verdict.state(), verdict.message());
      lastAttempt.remove(id);
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
      Poll poll = pollOnce(op);
      if (poll instanceof Poll.Pending) {
        return null;
      }
      if (poll instanceof Poll.Failed failed) {
        return new Verdict(State.FAILED, failed.message(), 500, OperationStore.volumeState(
            op.kind == Kind.CREATE ? VolumeEntity.State.FAILED : VolumeEntity.State.READY));
      }
      if (poll instanceof Poll.Resource resource && op.kind != Kind.DELETE) {
        return present(op, heketi.follow(resource.location(), VolumeInfo.class, op.describe()));
      }
      if (poll instanceof Poll.Done && op.kind == Kind.DELETE) {
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
  private Poll pollOnce(OperationEntity op) {
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

  @Override
  public void destroy() {
    scheduler.shutdown();
  }
}

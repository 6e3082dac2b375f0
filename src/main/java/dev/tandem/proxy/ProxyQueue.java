package dev.tandem.proxy;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operations started through the Heketi-compatible API, from the initiating request to their
 * final answer. Heketi answers a finished queue entry once and then forgets it, so every poll of an
 * operation Tandem started (a client's, or the follower's) asks Heketi under the operation's row
 * lock and stores a final answer before the lock is released: a second, overlapping poll waits and
 * then reads the stored answer, never Heketi's 404. The lock, and a database connection, are held for
 * one Heketi call (bounded by Heketi's connect and read timeouts). Final answers are kept for
 * {@code tandem.proxy.answer-retention}.
 */
@Component
class ProxyQueue {

  private static final Pattern QUEUE_LOCATION = Pattern.compile("^/queue/([^/]+)$");
  /** More than Heketi's default in-flight limit of 8. */
  static final int IN_FLIGHT_POLLS = 16;
  private static final Logger log = LoggerFactory.getLogger(ProxyQueue.class);

  private final HeketiClient heketi;
  private final ProxyOperationRepository operations;
  private final PoolFairness fairness;
  private final TransactionTemplate tx;
  private final ProxyProperties properties;
  private final Admission admission;
  private final EarlyPolls early;

  ProxyQueue(HeketiClient heketi, ProxyOperationRepository operations, PoolFairness fairness,
      TransactionTemplate tx, ProxyProperties properties, Admission admission, EarlyPolls early) {
    this.heketi = heketi;
    this.operations = operations;
    this.fairness = fairness;
    this.tx = tx;
    this.properties = properties;
    this.admission = admission;
    this.early = early;
  }

  /**
   * Sends an initiating request within the pool's share, waiting up to {@code admission-wait} for a
   * place ({@link Admission}): 429 with Retry-After when none came free; within the same wait, Heketi's
   * own 429 is answered by sending again ({@link Admission#whileHeketiBusy}); a 202 from Heketi is
   * recorded as the client's operation. {@code pools} are the inventory's pools, whose unused places {@code pool}
   * may borrow ({@link PoolFairness}).
   */
  Answer start(String pool, Set<String> pools, String client, Supplier<Answer> forward) {
    long arrived = System.nanoTime();
    Optional<PoolFairness.Slot> reserved = admission.await(() -> fairness.reserve(pool, pools), this::pollInFlight);
    if (reserved.isEmpty()) {
      return Answer.error(429, "Server busy. Retry operation later.")
          .withHeader("Retry-After", Long.toString(Math.max(1, properties.retryAfter().toSeconds())));
    }
    PoolFairness.Slot slot = reserved.get();
    Answer answer;
    try {
      answer = admission.whileHeketiBusy(arrived, forward);
    } catch (RuntimeException e) {
      release(slot);
      throw e;
    }
    String location = answer.headers().get("Location");
    Matcher queued = location == null ? null : QUEUE_LOCATION.matcher(location);
    if (answer.status() != 202 || queued == null || !queued.matches()) {
      release(slot);
      return answer;
    }
    ProxyOperationEntity op = new ProxyOperationEntity();
    op.queueId = queued.group(1);
    op.accepted = true;
    op.clientName = client;
    op.poolName = pool;
    op.createdAt = OffsetDateTime.now();
    try {
      tx.executeWithoutResult(status -> {
        operations.save(op);
        fairness.attach(slot, op.queueId);
      });
    } catch (RuntimeException e) {
      release(slot);   // not attached: kept, it would count against Heketi's limit until operation-ttl
      throw e;
    }
    early.watch(op.queueId, () -> pollEarly(op.queueId));
    return answer;
  }

  private void release(PoolFairness.Slot slot) {
    fairness.release(slot);
    admission.placeFreed();
  }

  /**
   * A client's poll: the stored final answer, or Heketi's, stored when final. With {@code onlyOf} (a
   * pool-scoped client's name) an operation that is not that client's, or that Tandem did not start, is
   * answered {@code refused}; the owner is part of the locking statement, so another client's poll
   * never locks the row (it would hold up the owner's polls and the polls that give places back).
   */
  Answer poll(String id, String onlyOf, Answer refused) {
    Answer answer;
    try {
      answer = tx.execute(status -> (onlyOf == null ? operations.findByIdForUpdate(id)
          : operations.findByIdAndClientForUpdate(id, onlyOf)).map(this::pollLocked).orElse(null));
    } catch (PessimisticLockingFailureException busy) {
      // another poll has been asking Heketi about it for longer than the database waits for a lock
      boolean theirs = onlyOf == null || operations.findById(id).map(op -> op.clientName.equals(onlyOf)).orElse(false);
      return theirs ? Answer.pending() : refused;
    }
    if (answer != null) {
      return answer;
    }
    return onlyOf != null ? refused : Answer.relayed(heketi.exchange("GET", "/queue/" + id, null, null, "poll " + id));
  }

  /** An early poll ({@link EarlyPolls}): skipped while another poll holds the operation; true once it is final. */
  private boolean pollEarly(String id) {
    return Boolean.TRUE.equals(tx.execute(status -> operations.findByIdUnlessLocked(id).map(op -> {
      if (op.finalStatus == null) {
        pollLocked(op);
      }
      return op.finalStatus != null;
    }).orElse(false)));
  }

  /** Operations nobody has polled for {@code follow-after}, oldest first: the follower's candidates. */
  List<String> idle(int limit) {
    return operations.findIdle(OffsetDateTime.now().minus(properties.followAfter()), Limit.of(limit));
  }

  /**
   * The follower's poll: skipped while another poll (a client's, or another replica's follower) holds
   * the operation, once it is final, or when someone polled it since it was found idle.
   */
  void follow(String id) {
    OffsetDateTime idleSince = OffsetDateTime.now().minus(properties.followAfter());
    tx.executeWithoutResult(status -> operations.findByIdUnlessLocked(id)
        .filter(op -> op.finalStatus == null)
        .filter(op -> (op.polledAt != null ? op.polledAt : op.createdAt).isBefore(idleSince))
        .ifPresent(this::pollLocked));
  }

  /**
   * Polls the operations without a final answer (at most {@link #IN_FLIGHT_POLLS}, oldest first) that no
   * other poll holds and whose {@link EarlyPolls} on this replica are over (or never were: another
   * replica's), so that those Heketi has finished give their places back now; none is begun after
   * {@code deadline} (a {@link System#nanoTime()}). A failed poll is logged and the next one tried: the
   * waiting request must not fail for it, and its clients' polls and the follower poll it too. Answers
   * whether it tried any.
   */
  boolean pollInFlight(long deadline) {
    List<String> unfinished;
    try {
      unfinished = operations.findUnfinished(Limit.of(IN_FLIGHT_POLLS));
    } catch (RuntimeException e) {
      log.warn("Could not read the operations in flight: {}", e.getMessage());
      return false;
    }
    boolean polled = false;
    for (String id : unfinished) {
      if (System.nanoTime() - deadline > 0) {
        break;
      }
      if (early.watches(id)) {
        continue;
      }
      polled = true;
      try {
        tx.executeWithoutResult(status -> operations.findByIdUnlessLocked(id)
            .filter(op -> op.finalStatus == null)
            .ifPresent(this::pollLocked));
      } catch (RuntimeException e) {
        log.warn("Could not poll operation {} for a waiting request: {}", id, e.getMessage());
      }
    }
    return polled;
  }

  /** Deletes final answers older than {@code answer-retention}, and slots past {@code operation-ttl}. */
  int purge(OffsetDateTime now) {
    return tx.execute(status -> operations.deleteFinishedBefore(now.minus(properties.answerRetention()))
        + fairness.purge(now));
  }

  /** One poll of an operation whose row lock the caller's transaction holds. */
  private Answer pollLocked(ProxyOperationEntity op) {
    if (op.finalStatus != null) {
      return stored(op);
    }
    op.polledAt = OffsetDateTime.now();
    HeketiClient.Raw raw;
    try {
      raw = heketi.exchange("GET", "/queue/" + op.queueId, null, null, "poll " + op.queueId);
    } catch (HeketiUnavailableException e) {
      return unreachableWhilePending(op);
    }
    if ("true".equals(raw.header("X-Pending")) && raw.status() == 200) {
      op.failingSince = null;
      return Answer.relayed(raw);
    }
    if (raw.status() == 404) {
      // Tandem started this operation and holds no answer for it: it is not known to be gone.
      return finish(op, Answer.error(500, "Heketi no longer knows operation " + op.queueId
          + " (did it restart?); its outcome is unknown: check the volume before trying again"));
    }
    return finish(op, Answer.relayed(raw));
  }

  private Answer unreachableWhilePending(ProxyOperationEntity op) {
    OffsetDateTime now = OffsetDateTime.now();
    if (op.failingSince == null) {
      op.failingSince = now;
    }
    if (op.failingSince.plus(properties.pollGrace()).isAfter(now)) {
      return Answer.pending();
    }
    return finish(op, Answer.error(500, "Heketi has been unreachable for " + properties.pollGrace()
        + "; the outcome of operation " + op.queueId + " is unknown"));
  }

  private Answer finish(ProxyOperationEntity op, Answer answer) {
    op.finalStatus = answer.status();
    op.finalLocation = answer.headers().get("Location");
    op.finalType = answer.headers().get("Content-Type");
    op.finalBody = new String(answer.body(), StandardCharsets.UTF_8);
    op.finishedAt = OffsetDateTime.now();
    fairness.finished(op.queueId);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        admission.placeFreed();
      }
    });
    return stored(op);
  }

  private static Answer stored(ProxyOperationEntity op) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (op.finalLocation != null) {
      headers.put("Location", op.finalLocation);
    }
    if (op.finalType != null) {
      headers.put("Content-Type", op.finalType);
    }
    if (op.finalStatus >= 400) {
      headers.put("X-Content-Type-Options", "nosniff");
    }
    return new Answer(op.finalStatus, headers, op.finalBody.getBytes(StandardCharsets.UTF_8));
  }
}

package dev.tandem.storage;

import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.storage.OperationEntity.State;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The persisted lifecycle of volume operations. Every change of state is a compare-and-set on the
 * row (from the state the caller saw), so the runner, a scheduled resolution and one a GET triggers
 * can never settle the same operation twice.
 */
@Component
class OperationStore {

  private static final int MESSAGE_LENGTH = 4000;

  private final OperationRepository operations;
  private final VolumeRepository volumes;
  private final TransactionTemplate tx;

  OperationStore(OperationRepository operations, VolumeRepository volumes, TransactionTemplate tx) {
    this.operations = operations;
    this.volumes = volumes;
    this.tx = tx;
  }

  /** A new operation, waiting for a thread; saved by the caller inside its own transaction. */
  OperationEntity save(OperationEntity.Kind kind, String pool, String volume, Integer argument) {
    OperationEntity op = new OperationEntity();
    op.id = UUID.randomUUID().toString();
    op.kind = kind;
    op.poolName = pool;
    op.volumeName = volume;
    op.state = State.QUEUED;
    op.argument = argument;
    op.createdAt = OffsetDateTime.now();
    op.updatedAt = op.createdAt;
    return operations.save(op);
  }

  OperationEntity get(String id) {
    return find(id).orElseThrow(() -> new StorageException(HttpStatus.NOT_FOUND, "not-found",
        "there is no operation " + id, "list a pool's volumes to see their state"));
  }

  Optional<OperationEntity> find(String id) {
    return operations.findById(id);
  }

  Optional<VolumeEntity> volume(OperationEntity op) {
    return volumes.findByPoolNameAndName(op.poolName, op.volumeName);
  }

  List<OperationEntity> inState(State... states) {
    return operations.findByStateIn(List.of(states));
  }

  /** The operations on a volume that have not ended yet, oldest first. */
  List<OperationEntity> unfinished(String pool, String volume) {
    return operations.findByPoolNameAndVolumeNameAndStateIn(pool, volume,
        List.of(State.QUEUED, State.RUNNING, State.UNKNOWN)).stream()
        .sorted((a, b) -> a.createdAt.compareTo(b.createdAt)).toList();
  }

  /** A thread's turn: QUEUED (or RUNNING, resumed after a stop) becomes RUNNING; answers the state it had. */
  Optional<State> start(String id) {
    return tx.execute(status -> {
      Optional<State> before = operations.findById(id).map(op -> op.state);
      if (before.isEmpty() || operations.transition(id, List.of(State.QUEUED, State.RUNNING), State.RUNNING,
          OffsetDateTime.now()) == 0) {
        return Optional.<State>empty();
      }
      return before;
    });
  }

  /**
   * How many operations wait for a thread on any replica, counted under the gate's row lock: call it
   * inside the transaction that persists a new operation, so that the count and the new row are one step.
   */
  long queuedLocked() {
    operations.lockGate();
    return operations.countByState(State.QUEUED);
  }

  /**
   * Whether this caller may read Heketi about an operation whose outcome is unknown: true for one
   * caller, on any replica, per {@code interval}.
   */
  boolean claimResolution(String id, Duration interval) {
    OffsetDateTime now = OffsetDateTime.now();
    Integer claimed = tx.execute(status -> operations.claimResolution(id, State.UNKNOWN, now, now.minus(interval)));
    return claimed != null && claimed == 1;
  }

  void queuePath(String id, String queuePath) {
    tx.executeWithoutResult(status -> operations.findById(id).orElseThrow().queuePath = queuePath);
  }

  /**
   * Moves the operation from {@code from} to {@code to} with its message, and changes its volume in
   * the same transaction; does nothing when another party moved it first. Answers whether it moved.
   */
  boolean settle(String id, State from, State to, String message, Integer upstream,
      Consumer<VolumeEntity> volumeChange) {
    Boolean moved = tx.execute(status -> {
      if (operations.transition(id, List.of(from), to, OffsetDateTime.now()) == 0) {
        return false;
      }
      OperationEntity op = operations.findById(id).orElseThrow();
      op.message = message == null || message.length() <= MESSAGE_LENGTH ? message
          : message.substring(0, MESSAGE_LENGTH);
      op.upstreamStatus = upstream;
      volumes.findByPoolNameAndName(op.poolName, op.volumeName).ifPresent(volumeChange);
      return true;
    });
    return Boolean.TRUE.equals(moved);
  }

  /** A volume change that removes Tandem's record of the volume. */
  Consumer<VolumeEntity> forget() {
    return volumes::delete;
  }

  /** How a create or expand that succeeded is recorded: its message, and Heketi's volume on Tandem's record. */
  record Success(String message, Consumer<VolumeEntity> volumeChange) {

    static Success created(VolumeInfo info) {
      return new Success("created as Heketi volume " + info.id(), v -> {
        v.heketiVolumeId = info.id();
        v.sizeGib = info.size();
        v.state = VolumeEntity.State.READY;
      });
    }

    static Success expanded(VolumeInfo info) {
      return new Success("expanded to " + info.size() + " GiB", v -> {
        v.sizeGib = info.size();
        v.state = VolumeEntity.State.READY;
      });
    }
  }

  /** A volume change that puts the volume in {@code state}. */
  static Consumer<VolumeEntity> volumeState(VolumeEntity.State state) {
    return v -> v.state = state;
  }
}

package dev.tandem.storage;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.storage.OperationEntity.Kind;
import dev.tandem.storage.OperationEntity.State;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Volume requests by pool name. Every volume is pinned to its pool's Heketi cluster(s) and gets the
 * pool's option profile. Create, expand and delete are {@link OperationEntity operations} that
 * Tandem persists and the {@link OperationRunner} carries out. While an operation's outcome is
 * unknown, Heketi may hold the volume: the name can be neither deleted nor created again until the
 * {@link OutcomeResolver} has settled it.
 */
@Service
public class VolumeService {

  private final HeketiClient heketi;
  private final HeketiBindings bindings;
  private final VolumeRepository volumes;
  private final OperationStore store;
  private final OperationRunner runner;
  private final OutcomeResolver resolver;
  private final TransactionTemplate tx;
  private final StorageProperties properties;
  private final List<PoolHolds> holds;

  VolumeService(HeketiClient heketi, HeketiBindings bindings, VolumeRepository volumes, OperationStore store,
      OperationRunner runner, OutcomeResolver resolver, TransactionTemplate tx, StorageProperties properties,
      List<PoolHolds> holds) {
    this.heketi = heketi;
    this.bindings = bindings;
    this.volumes = volumes;
    this.store = store;
    this.runner = runner;
    this.resolver = resolver;
    this.tx = tx;
    this.properties = properties;
    this.holds = List.copyOf(holds);
  }

  HeketiBindings bindings() {
    return bindings;
  }

  public OperationView create(String pool, VolumeRequest request) {
    refuseWhileHeld(pool);
    PoolLayout layout = boundLayout(pool);
    heketi.requireConfigured("create volume " + request.name() + " in pool " + pool);
    refuseWhileUnknown(pool, request.name());
    try {
      return OperationView.of(runner.submit(() -> tx.execute(status -> {
        if (volumes.findByPoolNameAndName(pool, request.name()).isPresent()) {
          throw duplicate(pool, request.name());
        }
        VolumeEntity volume = new VolumeEntity();
        volume.poolName = pool;
        volume.name = request.name();
        volume.sizeGib = request.sizeGiB();
        volume.durability = request.durability() != null ? request.durability() : layout.durability();
        volume.gid = request.gid();
        volume.snapshotFactor = request.snapshotFactor();
        volume.options = String.join("\n", OptionProfiles.effective(layout.optionProfile(), request.options()));
        volume.mountPoint = request.mountPoint() != null ? request.mountPoint()
            : properties.mountPoint(pool, request.name());
        volume.state = VolumeEntity.State.CREATING;
        volume.createdAt = OffsetDateTime.now();
        volumes.saveAndFlush(volume);
        return store.save(Kind.CREATE, pool, request.name(), null);
      })));
    } catch (DataIntegrityViolationException e) {
      throw duplicate(pool, request.name());
    }
  }

  public OperationView expand(String pool, String name, int addGiB) {
    refuseWhileHeld(pool);
    VolumeEntity volume = existing(pool, name);
    heketi.requireConfigured("expand volume " + name + " of pool " + pool);
    refuseWhileUnknown(pool, name);
    if (volume.state != VolumeEntity.State.READY) {
      throw busy(pool, name, volume.state);
    }
    return OperationView.of(runner.submit(() -> tx.execute(status -> {
      if (volumes.transition(volume.id, List.of(VolumeEntity.State.READY), VolumeEntity.State.EXPANDING) == 0) {
        throw busy(pool, name, VolumeEntity.State.EXPANDING);
      }
      return store.save(Kind.EXPAND, pool, name, addGiB);
    })));
  }

  /** Deletes a volume; empty when there is nothing (left) to delete. */
  public Optional<OperationView> delete(String pool, String name) {
    bindings.layout(pool);
    Optional<VolumeEntity> found = volumes.findByPoolNameAndName(pool, name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    refuseWhileHeld(pool);
    refuseWhileUnknown(pool, name);
    VolumeEntity volume = found.get();
    if (volume.state == VolumeEntity.State.DELETING) {
      return store.unfinished(pool, name).stream().filter(o -> o.kind == Kind.DELETE).findFirst()
          .map(OperationView::of);
    }
    if (volume.state != VolumeEntity.State.READY && volume.state != VolumeEntity.State.FAILED) {
      throw busy(pool, name, volume.state);
    }
    if (volume.heketiVolumeId == null) {
      // Only a create that Heketi refused or confirmed absent leaves a record without an id.
      tx.executeWithoutResult(status -> volumes.deleteById(volume.id));
      return Optional.empty();
    }
    heketi.requireConfigured("delete volume " + name + " of pool " + pool);
    return Optional.of(OperationView.of(runner.submit(() -> tx.execute(status -> {
      if (volumes.transition(volume.id, List.of(VolumeEntity.State.READY, VolumeEntity.State.FAILED),
          VolumeEntity.State.DELETING) == 0) {
        throw busy(pool, name, VolumeEntity.State.DELETING);
      }
      return store.save(Kind.DELETE, pool, name, null);
    }))));
  }

  public OperationView operation(String id) {
    return OperationView.of(store.get(id));
  }

  /**
   * The operation once it has ended, or as it is when {@code wait} has passed. An operation whose
   * outcome is unknown is read from Heketi first.
   */
  public OperationView await(String id, Duration wait) {
    Instant until = Instant.now().plus(wait);
    if (store.get(id).state == State.UNKNOWN) {
      resolver.resolveOnDemand(id);
    }
    OperationView view = operation(id);
    while (!view.ended() && Instant.now().isBefore(until)) {
      sleep(100);
      view = operation(id);
    }
    return view;
  }

  /** The first hold on the pool, if any (see {@link PoolHolds}). */
  public Optional<PoolHolds.Hold> hold(String pool) {
    return holds.stream().flatMap(h -> h.hold(pool).stream()).findFirst();
  }

  private void refuseWhileHeld(String pool) {
    hold(pool).ifPresent(hold -> {
      StorageException refused = new StorageException(HttpStatus.SERVICE_UNAVAILABLE, "pool-held", "pool " + pool
          + " takes no new volume operations now: " + hold.reason(), "repeat after the Retry-After (seconds),"
          + " once the work on the pool has ended");
      refused.getHeaders().set("Retry-After", Long.toString(Math.max(1, hold.retryAfter().toSeconds())));
      throw refused;
    });
  }

  private void refuseWhileUnknown(String pool, String name) {
    store.unfinished(pool, name).stream().filter(o -> o.state == State.UNKNOWN).findFirst().ifPresent(op -> {
      throw new StorageException(HttpStatus.CONFLICT, "outcome-unknown", "name", "the outcome of " + op.describe()
          + " is not known yet: Heketi may hold the volume, and Tandem is reading Heketi to find out",
          "wait until GET /api/v1/operations/" + op.id + " shows succeeded or failed (a GET reads Heketi"
              + " again), then repeat");
    });
  }

  private PoolLayout boundLayout(String pool) {
    PoolLayout layout = bindings.layout(pool);
    if (!layout.bound()) {
      throw new StorageException(HttpStatus.CONFLICT, "pool-not-bound", "pool " + pool
          + " is not bound to a Heketi cluster yet", "reconcile it first: POST /api/v1/pools/" + pool + "/reconcile");
    }
    return layout;
  }

  private VolumeEntity existing(String pool, String name) {
    bindings.layout(pool);
    return volumes.findByPoolNameAndName(pool, name).orElseThrow(() -> new StorageException(
        HttpStatus.NOT_FOUND, "not-found", "pool " + pool + " has no volume " + name,
        "list them: GET /api/v1/pools/" + pool + "/volumes"));
  }

  private static StorageException busy(String pool, String name, VolumeEntity.State state) {
    return new StorageException(HttpStatus.CONFLICT, "volume-busy", "volume " + name + " of pool " + pool + " is "
        + state.name().toLowerCase(), "wait for its operation to end, then repeat");
  }

  private static StorageException duplicate(String pool, String name) {
    return new StorageException(HttpStatus.CONFLICT, "conflict", "name", "pool " + pool + " already has a volume named "
        + name, "choose another name, or use the existing one: GET /api/v1/pools/" + pool + "/volumes/" + name);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tandem.storage;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiModel;
import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.heketi.HeketiUnavailableException;
import dev.tandem.inventory.Durability;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Volumes by pool name. Every volume is pinned to its pool's Heketi cluster(s) and gets the pool's
 * option profile. Create, expand and delete are {@link OperationEntity operations} that Tandem
 * persists: the request is sent to Heketi once, the queue path is stored as soon as Heketi accepts
 * it, and an operation still running when Tandem stops is followed up at the next start.
 */
@Service
public class VolumeService {

  private static final Logger log = LoggerFactory.getLogger(VolumeService.class);

  private final HeketiClient heketi;
  private final HeketiBindings bindings;
  private final VolumeRepository volumes;
  private final OperationRepository operations;
  private final TransactionTemplate tx;
  private final TaskExecutor executor;
  private final StorageProperties properties;
  /** Operations created before this instance started, without a queue path, may or may not have reached Heketi. */
  private final OffsetDateTime startedAt = OffsetDateTime.now();

  VolumeService(HeketiClient heketi, HeketiBindings bindings, VolumeRepository volumes,
      OperationRepository operations, TransactionTemplate tx, TaskExecutor executor, StorageProperties properties) {
    this.heketi = heketi;
    this.bindings = bindings;
    this.volumes = volumes;
    this.operations = operations;
    this.tx = tx;
    this.executor = executor;
    this.properties = properties;
  }

  HeketiBindings bindings() {
    return bindings;
  }

  // ---- requests ----

  public OperationView create(String pool, VolumeRequest request) {
    PoolLayout layout = boundLayout(pool);
    heketi.requireConfigured("create volume " + request.name() + " in pool " + pool);
    OperationEntity op;
    try {
      op = tx.execute(status -> {
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
        return operations.save(newOperation(OperationEntity.Kind.CREATE, pool, request.name(), null));
      });
    } catch (DataIntegrityViolationException e) {
      throw duplicate(pool, request.name());
    }
    submit(op.id);
    return OperationView.of(op);
  }

  public OperationView expand(String pool, String name, int addGiB) {
    VolumeEntity volume = readyVolume(pool, name);
    heketi.requireConfigured("expand volume " + name + " of pool " + pool);
    OperationEntity op = tx.execute(status -> {
      if (volumes.transition(volume.id, java.util.List.of(VolumeEntity.State.READY), VolumeEntity.State.EXPANDING) == 0) {
        throw busy(pool, name);
      }
      return operations.save(newOperation(OperationEntity.Kind.EXPAND, pool, name, addGiB));
    });
    submit(op.id);
    return OperationView.of(op);
  }

  /** Deletes a volume; empty when there is nothing (left) to delete. */
  public Optional<OperationView> delete(String pool, String name) {
    bindings.layout(pool);
    Optional<VolumeEntity> found = volumes.findByPoolNameAndName(pool, name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    VolumeEntity volume = found.get();
    if (volume.state == VolumeEntity.State.DELETING) {
      return operations.findByState(OperationEntity.State.RUNNING).stream()
          .filter(o -> o.poolName.equals(pool) && o.volumeName.equals(name)).findFirst().map(OperationView::of);
    }
    if (volume.state != VolumeEntity.State.READY && volume.state != VolumeEntity.State.FAILED) {
      throw new StorageException(HttpStatus.CONFLICT, "volume-busy", "volume " + name + " of pool " + pool + " is "
          + volume.state.name().toLowerCase(), "wait for its operation to end, then repeat");
    }
    if (volume.heketiVolumeId == null) {
      tx.executeWithoutResult(status -> volumes.deleteById(volume.id));
      return Optional.empty();
    }
    heketi.requireConfigured("delete volume " + name + " of pool " + pool);
    OperationEntity op = tx.execute(status -> {
      if (volumes.transition(volume.id, java.util.List.of(VolumeEntity.State.READY, VolumeEntity.State.FAILED),
          VolumeEntity.State.DELETING) == 0) {
        throw busy(pool, name);
      }
      return operations.save(newOperation(OperationEntity.Kind.DELETE, pool, name, null));
    });
    submit(op.id);
    return Optional.of(OperationView.of(op));
  }

  public OperationView operation(String id) {
    return operations.findById(id).map(OperationView::of).orElseThrow(() -> new StorageException(HttpStatus.NOT_FOUND,
        "not-found", "there is no operation " + id, "list a pool's volumes to see their state"));
  }

  /** The operation once it has ended, or as it is when {@code wait} has passed. */
  public OperationView await(String id, Duration wait) {
    Instant until = Instant.now().plus(wait);
    OperationView view = operation(id);
    while (view.running() && Instant.now().isBefore(until)) {
      sleep(100);
      view = operation(id);
    }
    return view;
  }

  public VolumeView volume(String pool, String name) {
    PoolLayout layout = bindings.layout(pool);
    return volumes.findByPoolNameAndName(pool, name).map(v -> view(v, layout))
        .orElseThrow(() -> new StorageException(HttpStatus.NOT_FOUND, "not-found",
            "pool " + pool + " has no volume " + name, "list them: GET /api/v1/pools/" + pool + "/volumes"));
  }

  /** The pool's volumes: Tandem's own, then those Heketi has in the pool's clusters that Tandem did not make. */
  public List<VolumeView> list(String pool) {
    PoolLayout layout = bindings.layout(pool);
    List<VolumeView> out = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (VolumeEntity v : volumes.findByPoolNameOrderByName(pool)) {
      out.add(view(v, layout));
      if (v.heketiVolumeId != null) {
        known.add(v.heketiVolumeId);
      }
    }
    for (String clusterId : layout.clusterIds()) {
      for (String id : heketi.cluster(clusterId).volumes()) {
        if (!known.contains(id)) {
          out.add(discovered(heketi.volume(id), layout));
        }
      }
    }
    return out;
  }

  // ---- running operations ----

  private void submit(String id) {
    executor.execute(() -> run(id));
  }

  /** Resumes what was running when Tandem stopped: never started twice, never silently lost. */
  @EventListener(ApplicationReadyEvent.class)
  void resume() {
    for (OperationEntity op : operations.findByState(OperationEntity.State.RUNNING)) {
      log.info("resuming {} operation {} on {}/{}", op.kind, op.id, op.poolName, op.volumeName);
      submit(op.id);
    }
  }

  void run(String id) {
    OperationEntity op = operations.findById(id).orElseThrow();
    String what = op.kind.name().toLowerCase() + " volume " + op.volumeName + " of pool " + op.poolName;
    try {
      if (op.kind == OperationEntity.Kind.EXPAND && op.queuePath == null && op.createdAt.isBefore(startedAt)) {
        finish(op.id, OperationEntity.State.INTERRUPTED, "Tandem stopped before Heketi confirmed the expansion;"
            + " it may or may not have happened: check the volume's size and repeat if needed", null,
            v -> v.state = VolumeEntity.State.READY);
        return;
      }
      switch (op.kind) {
        case CREATE -> runCreate(op, what);
        case EXPAND -> runExpand(op, what);
        case DELETE -> runDelete(op, what);
      }
    } catch (ErrorResponseException e) {
      log.warn("{} failed: {}", what, e.getBody().getDetail());
      fail(op, e);
    } catch (RuntimeException e) {
      log.error("{} failed", what, e);
      finish(op.id, OperationEntity.State.FAILED, "Tandem failed: " + e.getMessage(), null, v -> { });
    }
  }

  private void runCreate(OperationEntity op, String what) {
    VolumeEntity volume = volumes.findByPoolNameAndName(op.poolName, op.volumeName).orElseThrow();
    PoolLayout layout = bindings.layout(op.poolName);
    if (op.queuePath == null && op.createdAt.isBefore(startedAt)) {
      adoptOrFail(op, volume, layout, "Tandem stopped before Heketi confirmed the request");
      return;
    }
    String location = op.queuePath == null
        ? sendAndAwait(op, "POST", "/volumes", createRequest(volume, layout), what)
        : awaitResumed(op, what);
    VolumeInfo info = heketi.follow(location, VolumeInfo.class, what);
    finish(op.id, OperationEntity.State.SUCCEEDED, "created as Heketi volume " + info.id(), null, v -> {
      v.heketiVolumeId = info.id();
      v.sizeGib = info.size();
      v.state = VolumeEntity.State.READY;
    });
  }

  private void runExpand(OperationEntity op, String what) {
    VolumeEntity volume = volumes.findByPoolNameAndName(op.poolName, op.volumeName).orElseThrow();
    String location = op.queuePath == null
        ? sendAndAwait(op, "POST", "/volumes/" + volume.heketiVolumeId + "/expand",
            new HeketiModel.VolumeExpandRequest(op.argument), what)
        : awaitResumed(op, what);
    VolumeInfo info = heketi.follow(location, VolumeInfo.class, what);
    finish(op.id, OperationEntity.State.SUCCEEDED, "expanded to " + info.size() + " GiB", null, v -> {
      v.sizeGib = info.size();
      v.state = VolumeEntity.State.READY;
    });
  }

  private void runDelete(OperationEntity op, String what) {
    VolumeEntity volume = volumes.findByPoolNameAndName(op.poolName, op.volumeName).orElseThrow();
    try {
      if (op.queuePath == null) {
        sendAndAwait(op, "DELETE", "/volumes/" + volume.heketiVolumeId, null, what);
      } else {
        awaitResumed(op, what);
      }
    } catch (HeketiException e) {
      if (!(op.queuePath == null && e.isNotFound())) {
        throw e;
      }
      // DELETE answered "Id not found": the volume is already gone from Heketi.
    }
    tx.executeWithoutResult(status -> volumes.deleteById(volume.id));
    finish(op.id, OperationEntity.State.SUCCEEDED, "deleted", null, v -> { });
  }

  /** Sends the initiating request once, stores the queue path, then waits; answers the result's location. */
  private String sendAndAwait(OperationEntity op, String method, String path, Object body, String what) {
    String queue = heketi.start(method, path, body, what);
    try {
      tx.executeWithoutResult(status -> operations.findById(op.id).orElseThrow().queuePath = queue);
      op.queuePath = queue;
      return location(heketi.await(queue, heketi.deadline(), what));
    } finally {
      heketi.finish();
    }
  }

  private String awaitResumed(OperationEntity op, String what) {
    return location(heketi.await(op.queuePath, heketi.deadline(), what));
  }

  private static String location(HeketiClient.Poll poll) {
    return poll instanceof HeketiClient.Poll.Resource resource ? resource.location() : null;
  }

  /** After a restart or a lost answer: a volume of that name in the pool's clusters is ours; otherwise it failed. */
  private void adoptOrFail(OperationEntity op, VolumeEntity volume, PoolLayout layout, String why) {
    Optional<VolumeInfo> found = findByName(layout, volume.name);
    if (found.isPresent()) {
      VolumeInfo info = found.get();
      finish(op.id, OperationEntity.State.SUCCEEDED, why + "; found it in Heketi as " + info.id(), null, v -> {
        v.heketiVolumeId = info.id();
        v.sizeGib = info.size();
        v.state = VolumeEntity.State.READY;
      });
    } else {
      finish(op.id, OperationEntity.State.INTERRUPTED, why + "; Heketi has no volume of that name, so nothing was"
          + " created: repeat the request", null, v -> v.state = VolumeEntity.State.FAILED);
    }
  }

  private Optional<VolumeInfo> findByName(PoolLayout layout, String name) {
    for (String clusterId : layout.clusterIds()) {
      for (String id : heketi.cluster(clusterId).volumes()) {
        VolumeInfo info = heketi.volume(id);
        if (name.equals(info.name())) {
          return Optional.of(info);
        }
      }
    }
    return Optional.empty();
  }

  private void fail(OperationEntity op, ErrorResponseException e) {
    Integer upstream = e instanceof HeketiException h ? h.upstreamStatus() : null;
    String message = e instanceof HeketiException h ? h.upstreamMessage() : e.getBody().getDetail();
    boolean refusedBeforeQueue = e instanceof HeketiException && operations.findById(op.id).orElseThrow().queuePath == null;
    finish(op.id, OperationEntity.State.FAILED, message, upstream, v -> {
      if (op.kind == OperationEntity.Kind.CREATE && refusedBeforeQueue) {
        volumes.deleteById(v.id); // Heketi refused the request itself: nothing exists, the name is free again
      } else if (op.kind == OperationEntity.Kind.CREATE) {
        v.state = VolumeEntity.State.FAILED;
      } else {
        v.state = VolumeEntity.State.READY;
      }
    });
  }

  private void finish(String id, OperationEntity.State state, String message, Integer upstream,
      java.util.function.Consumer<VolumeEntity> volumeChange) {
    tx.executeWithoutResult(status -> {
      OperationEntity op = operations.findById(id).orElseThrow();
      op.state = state;
      op.message = message == null ? null : message.length() > 4000 ? message.substring(0, 4000) : message;
      op.upstreamStatus = upstream;
      op.updatedAt = OffsetDateTime.now();
      volumes.findByPoolNameAndName(op.poolName, op.volumeName).ifPresent(volumeChange);
    });
  }

  // ---- Heketi requests and views ----

  /** POST /volumes, pinned to the pool's clusters, in the Go client's shape. */
  static HeketiModel.VolumeCreateRequest createRequest(VolumeEntity volume, PoolLayout layout) {
    Durability durability = Durability.parse(volume.durability);
    HeketiModel.DurabilityInfo info = switch (durability.type()) {
      case NONE -> new HeketiModel.DurabilityInfo("none", new HeketiModel.Replicate(null),
          new HeketiModel.Disperse(null, null));
      case REPLICATE -> new HeketiModel.DurabilityInfo("replicate", new HeketiModel.Replicate(durability.replica()),
          new HeketiModel.Disperse(null, null));
      case DISPERSE -> new HeketiModel.DurabilityInfo("disperse", new HeketiModel.Replicate(null),
          new HeketiModel.Disperse(durability.data(), durability.redundancy()));
    };
    List<String> options = new ArrayList<>(volume.optionList());
    if (durability.arbiter()) {
      options.add("user.heketi.arbiter true");
    }
    HeketiModel.Snapshot snapshot = volume.snapshotFactor == null ? null
        : new HeketiModel.Snapshot(true, volume.snapshotFactor);
    return new HeketiModel.VolumeCreateRequest(volume.sizeGib, volume.name, info, layout.clusterIds(), volume.gid,
        snapshot, options);
  }

  VolumeView view(VolumeEntity v, PoolLayout layout) {
    return new VolumeView(v.name, v.poolName, v.sizeGib, v.durability, v.heketiVolumeId, v.state.name().toLowerCase(),
        "tandem", v.gid, v.snapshotFactor, v.optionList(), Fstab.mount(layout, v.name, v.mountPoint));
  }

  private VolumeView discovered(VolumeInfo info, PoolLayout layout) {
    String durability = switch (info.durability() == null ? "none" : info.durability().type()) {
      case "replicate" -> "replicate:" + info.durability().replicate().replica();
      case "disperse" -> "disperse:" + info.durability().disperse().data() + ":" + info.durability().disperse().redundancy();
      default -> "none";
    };
    List<String> options = info.options() == null ? List.of()
        : info.options().stream().filter(o -> !o.isBlank()).toList();
    return new VolumeView(info.name(), layout.name(), info.size(), durability, info.id(), "ready", "discovered",
        info.gid(), info.snapshot() != null && info.snapshot().enable() ? info.snapshot().factor() : null, options,
        Fstab.mount(layout, info.name(), properties.mountPoint(layout.name(), info.name())));
  }

  private PoolLayout boundLayout(String pool) {
    PoolLayout layout = bindings.layout(pool);
    if (!layout.bound()) {
      throw new StorageException(HttpStatus.CONFLICT, "pool-not-bound", "pool " + pool
          + " is not bound to a Heketi cluster yet", "reconcile it first: POST /api/v1/pools/" + pool + "/reconcile");
    }
    return layout;
  }

  private VolumeEntity readyVolume(String pool, String name) {
    bindings.layout(pool);
    VolumeEntity volume = volumes.findByPoolNameAndName(pool, name).orElseThrow(() -> new StorageException(
        HttpStatus.NOT_FOUND, "not-found", "pool " + pool + " has no volume " + name,
        "list them: GET /api/v1/pools/" + pool + "/volumes"));
    if (volume.state != VolumeEntity.State.READY) {
      throw new StorageException(HttpStatus.CONFLICT, "volume-busy", "volume " + name + " of pool " + pool + " is "
          + volume.state.name().toLowerCase(), "wait for its operation to end, then repeat");
    }
    return volume;
  }

  private static StorageException busy(String pool, String name) {
    return new StorageException(HttpStatus.CONFLICT, "volume-busy", "volume " + name + " of pool " + pool
        + " is already being changed", "wait for its operation to end, then repeat");
  }

  private static StorageException duplicate(String pool, String name) {
    return new StorageException(HttpStatus.CONFLICT, "conflict", "name", "pool " + pool + " already has a volume named "
        + name, "choose another name, or use the existing one: GET /api/v1/pools/" + pool + "/volumes/" + name);
  }

  private static OperationEntity newOperation(OperationEntity.Kind kind, String pool, String volume, Integer argument) {
    OperationEntity op = new OperationEntity();
    op.id = UUID.randomUUID().toString();
    op.kind = kind;
    op.poolName = pool;
    op.volumeName = volume;
    op.state = OperationEntity.State.RUNNING;
    op.argument = argument;
    op.createdAt = OffsetDateTime.now();
    op.updatedAt = op.createdAt;
    return op;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

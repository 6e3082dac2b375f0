package dev.tandem.storage;

import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Reads of a pool's volumes: Tandem's records, and what Heketi has in the pool's clusters besides. */
@Component
class VolumeViews {

  private final HeketiBindings bindings;
  private final VolumeRepository volumes;
  private final HeketiVolumes heketi;
  private final StorageProperties properties;

  VolumeViews(HeketiBindings bindings, VolumeRepository volumes, HeketiVolumes heketi, StorageProperties properties) {
    this.bindings = bindings;
    this.volumes = volumes;
    this.heketi = heketi;
    this.properties = properties;
  }

  VolumeView volume(String pool, String name) {
    PoolLayout layout = bindings.layout(pool);
    return volumes.findByPoolNameAndName(pool, name).map(v -> view(v, layout))
        .orElseThrow(() -> new StorageException(HttpStatus.NOT_FOUND, "not-found",
            "pool " + pool + " has no volume " + name, "list them: GET /api/v1/pools/" + pool + "/volumes"));
  }

  /** The pool's volumes: Tandem's own, then those Heketi has in the pool's clusters that Tandem did not make. */
  List<VolumeView> list(String pool) {
    PoolLayout layout = bindings.layout(pool);
    List<VolumeView> out = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (VolumeEntity v : volumes.findByPoolNameOrderByName(pool)) {
      out.add(view(v, layout));
      if (v.heketiVolumeId != null) {
        known.add(v.heketiVolumeId);
      }
    }
    for (String id : heketi.ids(layout)) {
      if (!known.contains(id)) {
        out.add(discovered(heketi.info(id), layout));
      }
    }
    return out;
  }

  private static VolumeView view(VolumeEntity v, PoolLayout layout) {
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
}

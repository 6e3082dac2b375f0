package dev.tandem.storage;

import dev.tandem.heketi.HeketiModel;
import dev.tandem.inventory.Durability;
import dev.tandem.inventory.PoolLayout;
import java.util.ArrayList;
import java.util.List;

/** The bodies Tandem sends to Heketi for a volume. */
final class HeketiVolumeRequests {

  /** POST /volumes, pinned to the pool's clusters, in the Go client's shape. */
  static HeketiModel.VolumeCreateRequest create(VolumeEntity volume, PoolLayout layout) {
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

  /** POST /volumes/{id}/expand. */
  static HeketiModel.VolumeExpandRequest expand(int addGiB) {
    return new HeketiModel.VolumeExpandRequest(addGiB);
  }

  private HeketiVolumeRequests() {}
}

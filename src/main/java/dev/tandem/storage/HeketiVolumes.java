package dev.tandem.storage;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiModel.VolumeInfo;
import dev.tandem.inventory.PoolLayout;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The volumes Heketi holds in a pool's clusters, found by name or id. Heketi lists a volume in its
 * cluster while an operation on it is still pending, but answers "Id not found" for it until that
 * operation ends: such a volume makes a lookup {@link Lookup.Unsure unsure}, never absent.
 */
@Component
class HeketiVolumes {

  /** What a lookup found. */
  sealed interface Lookup {
    record Found(VolumeInfo info) implements Lookup {}

    /** Confirmed: no volume of the pool's clusters matches. */
    record Absent() implements Lookup {}

    /** Heketi cannot tell yet. */
    record Unsure(String why) implements Lookup {}
  }

  private final HeketiClient heketi;

  HeketiVolumes(HeketiClient heketi) {
    this.heketi = heketi;
  }

  /** The ids of the volumes in the pool's clusters, pending ones included. */
  List<String> ids(PoolLayout layout) {
    List<String> ids = new ArrayList<>();
    for (String clusterId : layout.clusterIds()) {
      ids.addAll(heketi.cluster(clusterId).volumes());
    }
    return ids;
  }

  VolumeInfo info(String id) {
    return heketi.volume(id);
  }

  Lookup byName(PoolLayout layout, String name) {
    String unreadable = null;
    for (String id : ids(layout)) {
      try {
        VolumeInfo info = heketi.volume(id);
        if (name.equals(info.name())) {
          return new Lookup.Found(info);
        }
      } catch (HeketiException e) {
        if (!e.isNotFound()) {
          throw e;
        }
        unreadable = id;
      }
    }
    return unreadable == null ? new Lookup.Absent() : new Lookup.Unsure("Heketi lists volume " + unreadable
        + " in the pool's cluster but does not show it yet: an operation on it is still running");
  }

  Lookup byId(PoolLayout layout, String id) {
    try {
      return new Lookup.Found(heketi.volume(id));
    } catch (HeketiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    return ids(layout).contains(id)
        ? new Lookup.Unsure("Heketi lists volume " + id + " in the pool's cluster but does not show it: an"
            + " operation on it is still running")
        : new Lookup.Absent();
  }
}

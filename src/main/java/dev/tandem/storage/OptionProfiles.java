package dev.tandem.storage;

import dev.tandem.inventory.OptionProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The Gluster volume options each profile adds to a volume, as Heketi takes them ("key value").
 * The virtualization profile is what oVirt/RHV's vdsm volume-creation script sets: the virt option
 * group, remote-dio off (without it direct I/O is ignored and the storage domain is created with
 * 512-byte blocks), and ownership by vdsm's uid/gid 36.
 */
final class OptionProfiles {

  static List<String> options(OptionProfile profile) {
    return switch (profile) {
      case VIRTUALIZATION -> List.of("group virt", "network.remote-dio disable", "storage.owner-uid 36",
          "storage.owner-gid 36");
      case CONTAINERS, NONE -> List.of();
    };
  }

  /** The profile's options, then the caller's (a later "key value" for the same key wins in Gluster). */
  static List<String> effective(OptionProfile profile, List<String> requested) {
    List<String> all = new ArrayList<>(options(profile));
    requested.stream().filter(o -> !all.contains(o)).forEach(all::add);
    return all;
  }

  private OptionProfiles() {}
}

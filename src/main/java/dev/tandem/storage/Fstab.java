package dev.tandem.storage;

import dev.tandem.inventory.PoolLayout;
import java.util.List;

/**
 * fstab lines for the Gluster native client, in the current form: the first member serves the
 * volfile, the others are {@code backup-volfile-servers} (the runbook's {@code backupvolfile-server}
 * is the obsolete single-server option).
 */
final class Fstab {

  static VolumeView.Mount mount(PoolLayout layout, String volume, String mountPoint) {
    List<String> ips = layout.members().stream().map(PoolLayout.Member::ip).toList();
    if (ips.isEmpty()) {
      return new VolumeView.Mount(null, List.of(), mountPoint, null);
    }
    List<String> backups = ips.subList(1, ips.size());
    String options = "defaults,_netdev" + (backups.isEmpty() ? "" : ",backup-volfile-servers=" + String.join(":", backups));
    return new VolumeView.Mount(ips.get(0), backups, mountPoint,
        ips.get(0) + ":/" + volume + " " + mountPoint + " glusterfs " + options + " 0 0");
  }

  private Fstab() {}
}

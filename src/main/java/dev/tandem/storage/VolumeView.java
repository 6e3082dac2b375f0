package dev.tandem.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A volume of a pool, with where and how to mount it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeView(String name, String pool, Integer sizeGiB, String durability, String heketiId,
    String state, String createdBy, Long gid, Double snapshotFactor, List<String> options, Mount mount) {

  /** How to mount it: the server and its backups, and the fstab line to paste. */
  public record Mount(String server, List<String> backupVolfileServers, String mountPoint, String fstab) {}
}

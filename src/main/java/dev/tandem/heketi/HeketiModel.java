package dev.tandem.heketi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The Heketi API's JSON shapes Tandem uses (pkg/glusterfs/api/types.go), as records. */
public final class HeketiModel {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ClusterList(List<String> clusters) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ClusterInfo(String id, List<String> nodes, List<String> volumes, boolean block, boolean file) {}

  public record ClusterCreateRequest(boolean file, boolean block) {}

  public record Hostnames(List<String> manage, List<String> storage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeAddRequest(int zone, Hostnames hostnames, String cluster, Map<String, String> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NodeInfo(String id, int zone, Hostnames hostnames, String cluster, String state,
      List<DeviceInfo> devices) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Storage(long total, long free, long used) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DeviceInfo(String id, String name, String state, Storage storage) {}

  /** {@code GET /devices/{id}}: a device with the bricks Heketi places on it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DeviceDetail(String id, String name, String state, List<BrickInfo> bricks) {

    public DeviceDetail {
      bricks = bricks == null ? List.of() : List.copyOf(bricks);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BrickInfo(String id, String path, String volume) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeviceAddRequest(String node, String name, Map<String, String> tags, boolean destroydata) {}

  /** A device's or node's new state: online, offline or failed. */
  public record StateRequest(String state) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Replicate(Integer replica) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Disperse(Integer data, Integer redundancy) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DurabilityInfo(String type, Replicate replicate, Disperse disperse) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Snapshot(boolean enable, double factor) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record VolumeCreateRequest(int size, String name, DurabilityInfo durability, List<String> clusters,
      Long gid, Snapshot snapshot, @JsonProperty("glustervolumeoptions") List<String> options) {}

  public record VolumeExpandRequest(@JsonProperty("expand_size") int expandSize) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GlusterMount(List<String> hosts, String device, Map<String, String> options) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Mount(GlusterMount glusterfs) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VolumeInfo(String id, String name, int size, DurabilityInfo durability, Long gid,
      Snapshot snapshot, @JsonProperty("glustervolumeoptions") List<String> options, String cluster, Mount mount) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VolumeList(List<String> volumes) {}

  private HeketiModel() {}
}

package dev.tandem.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What a reconcile found and did, pool by pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconcileReport(List<PoolResult> pools, List<Finding> unknown, Calls heketiCalls, long wallTimeMillis,
    boolean changed, String message) {

  public enum Action {
    /** Tandem created it in Heketi. */
    @JsonProperty("created")
    CREATED,
    /** Heketi had it; Tandem bound its UUID. */
    @JsonProperty("adopted")
    ADOPTED,
    /** Already bound and present. */
    @JsonProperty("unchanged")
    UNCHANGED,
    /** Not done; see the detail. */
    @JsonProperty("skipped")
    SKIPPED
  }

  /** One Heketi object and what happened to it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(String name, String id, Action action, String detail) {}

  /** Something in Heketi the inventory does not know: reported, never deleted. */
  public record Finding(String kind, String id, String detail) {}

  public record Calls(int reads, int writes) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PoolResult(String pool, Item cluster, List<Item> nodes, List<Item> devices, List<Finding> unknown,
      Calls heketiCalls, String error) {}
}

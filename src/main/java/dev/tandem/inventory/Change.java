package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One difference between the inventory and a requested spec: an object created, updated (with each
 * changed field's old and new value) or deleted.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Change(Action action, String kind, String name, Map<String, FieldChange> fields) {

  public enum Action {
    @JsonProperty("create")
    CREATE,
    @JsonProperty("update")
    UPDATE,
    @JsonProperty("delete")
    DELETE
  }

  /** A field's value before and after. */
  public record FieldChange(Object from, Object to) {}
}

package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a requested inventory: the field it is about (a path into the request body,
 * e.g. {@code pools[1].members[0].ip}), what is wrong, and how to fix it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(@JsonIgnore Kind kind, String field, String message, String fix) {

  /** The kinds, in the order they decide the answer's status when several occur. */
  public enum Kind {
    /** A value does not have the required form (400). */
    INVALID(400),
    /** The request names a host, interface, device or pool that does not exist (400). */
    REFERENCE(400),
    /** The request contradicts what is already there, e.g. a device of another pool (409). */
    CONFLICT(409),
    /** The request breaks a platform rule: subnets, addresses, zones (422). */
    RULE(422);

    public final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  /** The same violation with its field re-rooted, as seen from a part of the spec. */
  Violation withField(String field) {
    return new Violation(kind, field, message, fix);
  }
}

package dev.tandem.web;

import java.net.URI;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hibernate.exception.ConstraintViolationException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A write the database refused, as a problem that says what the database said and no more. A
 * constraint the migrations name (db/migration/*.sql) becomes the field and the fix it is about; an
 * unnamed one is described by its SQLState class (unique, reference, check, not null, too long); anything
 * else is a plain 409 that claims no cause. PostgreSQL and H2 both report the constraint's name and
 * the standard SQLStates (H2 also its own 23506 and 23513).
 */
final class IntegrityProblems {

  /** What a named constraint is about, for the caller. */
  record Known(String field, String message, String fix) {}

  static final Map<String, Known> CONSTRAINTS = Map.ofEntries(
      Map.entry("uk_host_name", new Known("name", "a host of that name exists", "choose another name, or"
          + " change the host: PUT /api/v1/hosts/{host}")),
      Map.entry("uk_interface_name", new Known("interfaces.name", "the host has an interface of that name",
          "choose another name")),
      Map.entry("uk_interface_vlan", new Known("interfaces.vlanId", "the host has an interface with that parent"
          + " and VLAN id", "choose another VLAN id, or use the existing interface")),
      Map.entry("uk_device_path", new Known("devices.path", "the host has a device with that path",
          "choose another path")),
      Map.entry("uk_device_stable_id", new Known("devices.stableId", "another device of the host has that stable"
          + " id", "check the device's WWN, serial or by-id path")),
      Map.entry("uk_pool_name", new Known("name", "a pool of that name exists", "choose another name, or change"
          + " the pool: PUT /api/v1/pools/{pool}")),
      Map.entry("uk_pool_docker_network", new Known("dockerNetwork", "another pool uses that docker network",
          "choose another dockerNetwork")),
      Map.entry("uk_heketi_cluster", new Known("", "that Heketi cluster is bound to another pool",
          "read the pools' bindings (POST /api/v1/reconcile?dryRun=true) before binding it")),
      Map.entry("uk_member_pool_host", new Known("members.host", "the pool has a member on that host",
          "change that member: PUT /api/v1/pools/{pool}/members/{host}")),
      Map.entry("uk_member_container", new Known("members.container", "another container on that host has that"
          + " name", "choose another container name")),
      Map.entry("uk_member_ip", new Known("members.ip", "another pool member has that container IP",
          "choose a free address in the pool's subnet")),
      Map.entry("uk_member_heketi_node", new Known("", "that Heketi node is bound to another pool member",
          "reconcile again: POST /api/v1/reconcile")),
      Map.entry("uk_assignment_device", new Known("devices", "that device is assigned to a pool",
          "release it from its pool first: DELETE /api/v1/pools/{pool}/devices/{host}/{device}")),
      Map.entry("uk_assignment_heketi_device", new Known("", "that Heketi device is bound to another assignment",
          "reconcile again: POST /api/v1/reconcile")),
      Map.entry("uk_volume_name", new Known("name", "the pool has a volume of that name",
          "choose another name, or read it: GET /api/v1/pools/{pool}/volumes/{name}")),
      Map.entry("uk_volume_heketi_id", new Known("", "that Heketi volume is recorded for another volume",
          "list the pool's volumes: GET /api/v1/pools/{pool}/volumes")),
      Map.entry("uk_client_name", new Known("name", "a client of that name exists",
          "choose another name, or give it a new secret: POST /api/v1/clients/{name}/rotate")));

  /** Longest first, so that no name is taken for a longer one that contains it. */
  private static final List<String> NAMES =
      CONSTRAINTS.keySet().stream().sorted(Comparator.comparing(String::length).reversed()).toList();

  static ProblemDetail of(DataIntegrityViolationException ex) {
    SQLException sql = ProblemHandler.findCause(ex, SQLException.class);
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    ConstraintViolationException hibernate = ProblemHandler.findCause(ex, ConstraintViolationException.class);
    String reported = hibernate != null && hibernate.getConstraintName() != null ? hibernate.getConstraintName()
        : "";
    String text = (reported + " " + (sql == null ? "" : sql.getMessage())).toLowerCase(Locale.ROOT);
    Optional<String> known = NAMES.stream().filter(text::contains).findFirst();
    if (known.isPresent()) {
      Known k = CONSTRAINTS.get(known.get());
      return problem(HttpStatus.CONFLICT, "conflict", "The request conflicts with the current state",
          k.field(), k.message() + " (constraint " + known.get() + ")", k.fix());
    }
    String constraint = reported.isBlank() ? "" : " (constraint " + shortName(reported) + ")";
    return switch (state) {
      case "23505" -> problem(HttpStatus.CONFLICT, "conflict", "The request conflicts with the current state", "",
          "a value that must be unique is already used" + constraint, "read the current state and choose another value");
      case "23503", "23506" -> problem(HttpStatus.CONFLICT, "conflict", "The request conflicts with the current state",
          "", "a reference between objects would break" + constraint + ": an object the request names is gone,"
              + " or another object still refers to the one it removes", "read the current state and repeat the"
              + " request if it still applies");
      case "23514", "23513" -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "value-out-of-range",
          "A value is outside what Tandem stores", "", "a value is outside its allowed range" + constraint,
          "correct the value");
      case "23502" -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "value-missing", "A value is missing", "",
          "a required value is missing", "give every required field");
      case "22001" -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "value-too-long", "A value is too long", "",
          "a value is longer than Tandem stores", "shorten the longest text fields of the request");
      default -> problem(HttpStatus.CONFLICT, "integrity", "The database refused the write", "",
          "the database refused the write" + (state.isEmpty() ? "" : " (SQLState " + state + ")") + constraint
              + "; nothing was changed", "read the current state and repeat the request if it still applies");
    };
  }

  /** H2 reports e.g. {@code PUBLIC.CONSTRAINT_8A ON PUBLIC.T(...)}: the name alone, lower case. */
  private static String shortName(String reported) {
    String first = reported.strip().split("\\s+")[0].replace("\"", "");
    return first.substring(first.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  private static ProblemDetail problem(HttpStatus status, String type, String title, String field, String message,
      String fix) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, (field.isEmpty() ? "" : field + ": ") + message);
    problem.setType(URI.create("urn:tandem:problem:" + type));
    problem.setTitle(title);
    problem.setProperty("errors", List.of(Map.of("field", field, "message", message, "fix", fix)));
    return problem;
  }

  private IntegrityProblems() {}
}

package dev.tandem.security;

import static dev.tandem.security.AccessPolicy.Decision.ALLOW;
import static dev.tandem.security.AccessPolicy.Decision.DENY;
import static dev.tandem.security.AccessPolicy.Decision.SCOPED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.security.AccessPolicy.Api;
import dev.tandem.security.AccessPolicy.Decision;
import dev.tandem.security.AccessPolicy.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy's table itself: what the README shows, and the decisions that need no HTTP to see. */
class AccessPolicyTests {

  static final Caller OPS = new Caller("ops", Role.OPERATOR, Set.of());
  static final Caller OCP = new Caller("ocp", Role.POOL, Set.of("gluster-ocp"));
  static final Caller USER = new Caller("user", Role.ADMIN, Set.of());

  static AccessPolicy policy(boolean heketiParity) {
    return new AccessPolicy(new SecurityProperties(true, null, null, null, false, Path.of("target"), 120, heketiParity, List.of()));
  }

  @Test
  void theReadmeShowsTheTableAsTheCodeHasIt() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Route route : Route.values()) {
      assertThat(readme).as(route.name()).contains(row(route));
    }
  }

  @Test
  void aPoolInThePathIsDecidedHereAndElsewhereWhereTheObjectIsRead() {
    AccessPolicy policy = policy(false);
    assertThat(policy.decide(OCP, Api.TANDEM, "POST", "/api/v1/pools/gluster-ocp/volumes")).isEqualTo(ALLOW);
    assertThat(policy.decide(OCP, Api.TANDEM, "POST", "/api/v1/pools/gluster-rhv/volumes")).isEqualTo(DENY);
    assertThat(policy.decide(OCP, Api.TANDEM, "GET", "/api/v1/operations/x")).isEqualTo(SCOPED);
    assertThat(policy.decide(OCP, Api.HEKETI, "GET", "/volumes/x")).isEqualTo(SCOPED);
    assertThat(policy.decide(OCP, Api.TANDEM, "POST", "/api/v1/pools/gluster-ocp/storageclass")).isEqualTo(DENY);
  }

  @Test
  void heketiPathsOutsideTheTableAreAdminOnlyAndParityKeepsHeketisUserRule() {
    assertThat(policy(false).decide(OPS, Api.HEKETI, "GET", "/volumesx")).isEqualTo(DENY);
    assertThat(policy(false).decide(USER, Api.HEKETI, "GET", "/clusters")).isEqualTo(ALLOW);
    assertThat(policy(true).decide(USER, Api.HEKETI, "GET", "/clusters")).isEqualTo(DENY);
    assertThat(policy(true).decide(USER, Api.HEKETI, "POST", "/volumes")).isEqualTo(ALLOW);
    assertThat(policy(true).decide(USER, Api.TANDEM, "GET", "/api/v1/pools")).isEqualTo(ALLOW);
  }

  /** The README's row for a route class. */
  static String row(Route route) {
    String api = route.api() == Api.TANDEM ? "Tandem" : "Heketi";
    List<String> cells = route.open() ? List.of("open", "open", "open", "open", "open")
        : List.of(cell(route, Role.ADMIN), cell(route, Role.OPERATOR), cell(route, Role.VIEWER), cell(route, Role.POOL),
            "401");
    return "| " + api + " | " + route.paths() + " | " + String.join(" | ", cells) + " |";
  }

  static String cell(Route route, Role role) {
    Decision read = route.decision(role, false);
    Decision write = route.decision(role, true);
    String scope = read == SCOPED ? "own pools: " : "";
    return read == DENY ? "—" : scope + (write == DENY ? "read" : "read, write");
  }
}

package dev.tandem.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The platform rules on small specs, without Spring: each rule, and the field and kind it reports. */
class PlatformRulesTests {

  private final PlatformRules rules =
      new PlatformRules(Validation.buildDefaultValidatorFactory().getValidator());

  private static final String HOSTS = """
      hosts:
        - name: a
          address: 198.51.100.1
          interfaces:
            - {name: eth1, address: 198.51.100.1/24}
            - {name: eth1.9, kind: vlan, parent: eth1, vlanId: 9}
            - {name: shim0, kind: macvlan-shim, parent: eth1, address: 198.18.0.250/24}
          devices: [{path: /dev/sdb}, {path: /dev/sdc, state: failed}, {path: /dev/sdd, signature: xfs}]
        - {name: b, address: 198.51.100.2, interfaces: [{name: eth1}], devices: [{path: /dev/sdb}]}
        - {name: c, address: 198.51.100.3, interfaces: [{name: eth1}], devices: [{path: /dev/sdb}]}
      """;

  private static final String POOL = """
      pools:
        - name: p
          subnet: 198.18.0.0/24
          interface: eth1
          members:
            - {host: a, container: p-1, ip: 198.18.0.10, zone: 1}
            - {host: b, container: p-2, ip: 198.18.0.11, zone: 2}
            - {host: c, container: p-3, ip: 198.18.0.12, zone: 3}
          devices: [{host: a, device: /dev/sdb}]
      """;

  static PlatformSpec spec(String yaml) {
    return YAMLMapper.builder().build().readValue(yaml, PlatformSpec.class);
  }

  List<Violation> check(String yaml) {
    return rules.check(spec(yaml));
  }

  @Test
  void aConsistentPlatformHasNoViolations() {
    assertThat(check(HOSTS + POOL)).isEmpty();
  }

  @Test
  void theExamplePlatformHasNoViolations() throws Exception {
    assertThat(rules.check(spec(java.nio.file.Files.readString(java.nio.file.Path.of("config/examples/rhv-ocp.yaml")))))
        .isEmpty();
  }

  @Test
  void fieldFormsComeFirstAndStopTheRest() {
    List<Violation> found = check(HOSTS.replace("name: a", "name: 'a;reboot'").replace("vlanId: 9", "vlanId: 0") + POOL);
    assertThat(found).extracting(Violation::kind).containsOnly(Violation.Kind.INVALID);
    assertThat(found).extracting(Violation::field).containsExactly("hosts[0].interfaces[1].vlanId", "hosts[0].name");
  }

  @Test
  void addressesMustBeCanonical() {
    assertThat(check(HOSTS + POOL.replace("ip: 198.18.0.10", "ip: 198.018.0.10")))
        .extracting(Violation::field).containsExactly("pools[0].members[0].ip");
    assertThat(check(HOSTS + POOL.replace("subnet: 198.18.0.0/24", "subnet: 198.18.0.7/24")))
        .extracting(Violation::message).singleElement().asString().contains("198.18.0.0/24");
    assertThat(check(HOSTS.replace("address: 198.51.100.2", "address: 999.1.1.1") + POOL))
        .extracting(Violation::field).containsExactly("hosts[1].address");
    assertThat(check(HOSTS.replace("{name: eth1, address: 198.51.100.1/24}",
            "{name: eth1, address: 'fe80::1%$(reboot)/64'}") + POOL))
        .extracting(Violation::message).singleElement().asString().contains("zone id");
  }

  @Test
  void vlanRules() {
    assertThat(check(HOSTS.replace(", vlanId: 9", "") + POOL)).extracting(Violation::field)
        .containsExactly("hosts[0].interfaces[1].vlanId");
    assertThat(check(HOSTS.replace("parent: eth1, vlanId", "parent: eth0, vlanId") + POOL))
        .extracting(Violation::kind).containsExactly(Violation.Kind.REFERENCE);
    assertThat(check(HOSTS.replace("{name: eth1, address", "{name: eth1, parent: x, address") + POOL))
        .extracting(Violation::field).contains("hosts[0].interfaces[0].parent");
  }

  @Test
  void containerAddressesStayInsideTheSubnetAndUnique() {
    assertThat(check(HOSTS + POOL.replace("ip: 198.18.0.12", "ip: 198.18.0.255")))
        .extracting(Violation::message).singleElement().asString().contains("broadcast");
    assertThat(check(HOSTS + POOL.replace("ip: 198.18.0.12", "ip: 198.18.0.250")))
        .extracting(Violation::message).singleElement().asString().contains("host shim shim0 of a");
    assertThat(check(HOSTS + POOL.replace("interface: eth1\n", "interface: eth1\n    gateway: 198.18.0.10\n")))
        .extracting(Violation::message).singleElement().asString().contains("gateway");
  }

  @Test
  void devicesMustBeHealthyEmptyAndOnAMemberHost() {
    assertThat(check(HOSTS + POOL.replace("device: /dev/sdb}]", "device: /dev/sdc}]")))
        .extracting(Violation::message).singleElement().asString().contains("marked failed");
    assertThat(check(HOSTS + POOL.replace("device: /dev/sdb}]", "device: /dev/sdd}]")))
        .extracting(Violation::message).singleElement().asString().contains("not empty (xfs)");
    assertThat(check(HOSTS + POOL.replace("      - {host: c, container: p-3, ip: 198.18.0.12, zone: 3}\n", "")
            .replace("[{host: a, device: /dev/sdb}]", "[{host: c, device: /dev/sdb}]")
            .replace("members:", "allowDegradedDurability: true\n    members:")))
        .extracting(Violation::message).singleElement().asString().contains("has no container on c");
  }

  @Test
  void aDeviceInTwoPoolsIsAConflictNamingTheFirstOwner() {
    String second = """
          - name: q
            subnet: 198.18.1.0/24
            interface: eth1.9
            durability: none
            members: [{host: a, container: q-1, ip: 198.18.1.10}]
            devices: [{host: a, device: /dev/sdb}]
        """;
    List<Violation> found = check(HOSTS + POOL + second);
    assertThat(found).singleElement().satisfies(v -> {
      assertThat(v.kind()).isEqualTo(Violation.Kind.CONFLICT);
      assertThat(v.field()).isEqualTo("pools[1].devices[0].device");
      assertThat(v.message()).contains("already assigned to pool p");
    });
  }

  @Test
  void durabilityNeedsDistinctZonesUnlessOverridden() {
    String sameZone = POOL.replace("zone: 3", "zone: 2");
    assertThat(check(HOSTS + sameZone)).extracting(Violation::field).containsExactly("pools[0].durability");
    assertThat(check(HOSTS + sameZone.replace("interface: eth1\n", "interface: eth1\n    durability: replicate:2\n")))
        .isEmpty();
    assertThat(check(HOSTS + POOL.replace("interface: eth1\n", "interface: eth1\n    durability: disperse:4:2\n")))
        .extracting(Violation::message).singleElement().asString().contains("needs 6 members");
    assertThat(check(HOSTS + sameZone.replace("members:", "allowDegradedDurability: true\n    members:"))).isEmpty();
  }
}

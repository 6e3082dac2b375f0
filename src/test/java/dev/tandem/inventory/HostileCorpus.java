package dev.tandem.inventory;

import dev.tandem.TestHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed and hostile request bodies for every write endpoint: whole documents that are not specs,
 * and valid bodies with one field at a time replaced by shell metacharacters, path tricks, control
 * characters, very long strings, values of the wrong type, out-of-range numbers or nulls.
 */
final class HostileCorpus {

  /** One request: method, path, content type, body. */
  record Request(String method, String path, String contentType, String body) {
    @Override
    public String toString() {
      return method + " " + path + " " + (body.length() > 160 ? body.substring(0, 160) + "…" : body);
    }
  }

  /**
   * A valid body for an endpoint and the fields it cannot do without (null is a valid value for the
   * others: it means the default).
   */
  record Template(String method, String path, String json, Set<String> required) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final List<String> HOSTILE_TEXT = List.of("; rm -rf / #", "$(reboot)", "`id`", "a|b&&c", "x' OR '1'='1",
      "../../etc/passwd", "/dev/sdb; reboot", "/dev/../etc/shadow", "eth1\nip link del eth1", "nul\u0000byte",
      "tab\there", "ünïcødé", "", " ", "A".repeat(70_000), "--privileged", "-rf");

  static final List<JsonNode> WRONG_FOR_TEXT = List.of(NODES.numberNode(12345), NODES.numberNode(1.5),
      NODES.booleanNode(true), NODES.arrayNode().add("node1"), NODES.objectNode().put("a", 1));

  static final List<JsonNode> WRONG_FOR_NUMBER = List.of(NODES.stringNode("22"), NODES.stringNode("$(id)"),
      NODES.numberNode(-1), NODES.numberNode(1.5), NODES.numberNode(1e300),
      NODES.numberNode(new java.math.BigInteger("99999999999999999999999")), NODES.booleanNode(false),
      NODES.arrayNode(), NODES.objectNode());

  static final List<JsonNode> WRONG_FOR_BOOLEAN = List.of(NODES.stringNode("yes"), NODES.numberNode(1),
      NODES.arrayNode(), NODES.objectNode());

  static final List<String> NOT_A_SPEC = List.of("", "null", "[]", "{", "}", "\"node1\"", "42", "true",
      "{\"hosts\":\"node1\"}", "{\"hosts\":[1,2]}", "{\"hosts\":{}}", "[".repeat(5000) + "]".repeat(5000),
      "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "\u0000\u0001\u0002", "<xml/>", "name: [unclosed");

  static final String YAML_BOMB = """
      a: &a ["x","x","x","x","x","x","x","x","x"]
      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
      hosts: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
      """;

  static final List<Template> TEMPLATES = List.of(
      new Template("PUT", "/api/v1/platform?dryRun=false", """
          {"hosts":[{"name":"h1","address":"198.51.100.1","sshUser":"root","sshPort":22,
            "dockerEndpoint":"unix:///var/run/docker.sock","labels":{"rack":"r1"},
            "interfaces":[{"name":"eth0","kind":"physical","address":"198.51.100.1/24"},
                          {"name":"eth0.7","kind":"vlan","parent":"eth0","vlanId":7}],
            "devices":[{"path":"/dev/vdb","stableId":"wwn-0x1","sizeBytes":10,"rotational":false,"state":"free"}]}],
           "pools":[{"name":"p1","purpose":"generic","subnet":"198.18.0.0/24","gateway":"198.18.0.1",
             "interface":"eth0.7","dockerNetwork":"p1-net","image":"gluster/server:10","privilegeMode":"capabilities",
             "sshPort":2222,"durability":"none","optionProfile":"none","allowDegradedDurability":false,
             "members":[{"host":"h1","container":"p1-1","ip":"198.18.0.10","zone":1,"interface":"eth0.7"}],
             "devices":[{"host":"h1","device":"/dev/vdb"}]}],
           "heketi":{"host":"h1","port":8080,"image":"heketi/heketi:10"}}""",
          Set.of("/hosts/0/name", "/hosts/0/address", "/hosts/0/interfaces/0/name", "/hosts/0/interfaces/1/name",
              "/hosts/0/interfaces/1/parent", "/hosts/0/interfaces/1/vlanId", "/hosts/0/devices/0/path",
              "/pools/0/name", "/pools/0/subnet", "/pools/0/interface", "/pools/0/members/0/host",
              "/pools/0/members/0/container", "/pools/0/members/0/ip", "/pools/0/devices/0/host",
              "/pools/0/devices/0/device", "/heketi/host")),
      new Template("POST", "/api/v1/hosts", """
          {"name":"node9","address":"198.51.100.9","sshUser":"root","sshPort":22,"labels":{"rack":"r1"},
           "interfaces":[{"name":"eth0","kind":"physical","address":"198.51.100.9/24"}],
           "devices":[{"path":"/dev/vdb","stableId":"wwn-0x9","sizeBytes":1,"rotational":false,"state":"free"}]}""",
          Set.of("/name", "/address", "/interfaces/0/name", "/devices/0/path")),
      new Template("PUT", "/api/v1/hosts/node2", """
          {"name":"node2","address":"192.168.99.129","sshUser":"root","sshPort":22,
           "interfaces":[{"name":"eth1","kind":"physical","address":"192.168.99.129/24"},
             {"name":"eth1.199","kind":"vlan","parent":"eth1","vlanId":199,"address":"192.168.199.129/24"}],
           "devices":[{"path":"/dev/sdb"},{"path":"/dev/sdc"},{"path":"/dev/sdd"},{"path":"/dev/sde"},
             {"path":"/dev/sdf"},{"path":"/dev/sdg"}]}""",
          Set.of("/name", "/address", "/interfaces/0/name", "/interfaces/1/name", "/interfaces/1/parent",
              "/interfaces/1/vlanId", "/devices/0/path")),
      new Template("POST", "/api/v1/hosts/node1/interfaces",
          "{\"name\":\"eth1.300\",\"kind\":\"vlan\",\"parent\":\"eth1\",\"vlanId\":300,\"address\":\"198.51.100.7/24\"}",
          Set.of("/name", "/kind", "/parent", "/vlanId")),
      new Template("PUT", "/api/v1/hosts/node1/interfaces/eth1.199",
          "{\"name\":\"eth1.199\",\"kind\":\"vlan\",\"parent\":\"eth1\",\"vlanId\":199,\"address\":\"192.168.199.128/24\"}",
          Set.of("/name", "/parent", "/vlanId")),
      new Template("POST", "/api/v1/hosts/node1/devices",
          "{\"path\":\"/dev/sdh\",\"stableId\":\"wwn-0x8\",\"sizeBytes\":5,\"rotational\":true,\"state\":\"free\","
              + "\"signature\":\"xfs\"}",
          Set.of("/path")),
      new Template("PUT", "/api/v1/hosts/node1/devices/sdb", "{\"path\":\"/dev/sdb\",\"state\":\"free\"}",
          Set.of("/path")),
      new Template("POST", "/api/v1/pools", """
          {"name":"third","purpose":"generic","subnet":"198.18.0.0/24","interface":"eth1","durability":"none"}""",
          Set.of("/name", "/subnet", "/interface")),
      new Template("PUT", "/api/v1/pools/gluster-rhv", """
          {"name":"gluster-rhv","purpose":"virtualization","subnet":"192.168.99.0/24","interface":"eth1",
           "dockerNetwork":"gluster-rhv-net","image":"rhgs3/rhgs-server-rhel7","privilegeMode":"privileged",
           "sshPort":2222,"durability":"replicate:3","optionProfile":"virtualization","allowDegradedDurability":false,
           "members":[{"host":"node1","container":"gluster-rhv-1","ip":"192.168.99.28","zone":1},
                      {"host":"node2","container":"gluster-rhv-2","ip":"192.168.99.29","zone":2},
                      {"host":"node3","container":"gluster-rhv-3","ip":"192.168.99.30","zone":3}],
           "devices":[{"host":"node1","device":"/dev/sdb"},{"host":"node2","device":"/dev/sdb"},
                      {"host":"node3","device":"/dev/sdb"}]}""",
          Set.of("/name", "/subnet", "/interface", "/members/0/host", "/members/0/container", "/members/0/ip",
              "/devices/0/host", "/devices/0/device")),
      new Template("POST", "/api/v1/pools/gluster-ocp/members",
          "{\"host\":\"node1\",\"container\":\"x-1\",\"ip\":\"192.168.199.40\",\"zone\":1}",
          Set.of("/host", "/container", "/ip")),
      new Template("PUT", "/api/v1/pools/gluster-ocp/members/node1",
          "{\"host\":\"node1\",\"container\":\"gluster-ocp-1\",\"ip\":\"192.168.199.28\",\"zone\":1}",
          Set.of("/host", "/container", "/ip")),
      new Template("POST", "/api/v1/pools/gluster-ocp/devices", "{\"host\":\"node1\",\"device\":\"/dev/sdc\"}",
          Set.of("/host", "/device")),
      new Template("POST", "/api/v1/pools/gluster-ocp/volumes", """
          {"name":"vol1","sizeGiB":1,"durability":"replicate:3","gid":2001,"snapshotFactor":1.5,
           "options":["performance.cache-size 256MB"],"mountPoint":"/mnt/vol1"}""",
          Set.of("/name", "/sizeGiB")),
      new Template("POST", "/api/v1/pools/gluster-ocp/volumes/vol1/expand", "{\"addGiB\":1}", Set.of("/addGiB")));

  /** Every hostile request: bad documents to every endpoint, then one bad field at a time. */
  static List<Request> requests() {
    List<Request> out = new ArrayList<>();
    for (Template t : TEMPLATES) {
      for (String body : NOT_A_SPEC) {
        out.add(new Request(t.method(), t.path(), TestHttp.JSON, body));
      }
      out.add(new Request(t.method(), t.path(), TestHttp.YAML, YAML_BOMB));
      out.add(new Request(t.method(), t.path(), "text/plain", t.json()));
      JsonNode valid = TestHttp.parse(t.json());
      for (String leaf : leaves(valid, "")) {
        for (JsonNode bad : badValues(valid.at(leaf), t.required().contains(leaf))) {
          if (leaf.endsWith("/signature") && bad.isString() && bad.asString().matches("[A-Za-z0-9 ./-]+")) {
            continue; // a signature is a description ("mounted at /var/lib/x"): path-like text is fine there
          }
          JsonNode copy = valid.deepCopy();
          replace(copy, leaf, bad);
          out.add(new Request(t.method(), t.path(), TestHttp.JSON, copy.toString()));
        }
      }
    }
    for (String name : List.of("x;reboot", "%24(reboot)", "%60id%60", "..", "a%20b", "A".repeat(300), "n%0Aode")) {
      out.add(new Request("DELETE", "/api/v1/hosts/" + name, null, ""));
      out.add(new Request("DELETE", "/api/v1/pools/" + name + "?cascade=true", null, ""));
      out.add(new Request("DELETE", "/api/v1/pools/gluster-ocp/devices/node1/" + name, null, ""));
      out.add(new Request("DELETE", "/api/v1/hosts/node1/devices/" + name, null, ""));
      out.add(new Request("DELETE", "/api/v1/hosts/node1/interfaces/" + name, null, ""));
      out.add(new Request("DELETE", "/api/v1/pools/gluster-ocp/members/" + name, null, ""));
    }
    out.add(new Request("PUT", "/api/v1/platform?dryRun=maybe", TestHttp.JSON, "{}"));
    out.add(new Request("DELETE", "/api/v1/pools/gluster-ocp?cascade=%00", null, ""));
    return out;
  }

  private static List<JsonNode> badValues(JsonNode current, boolean required) {
    List<JsonNode> out = new ArrayList<>();
    if (current.isString()) {
      HOSTILE_TEXT.forEach(s -> out.add(NODES.stringNode(s)));
      out.addAll(WRONG_FOR_TEXT);
    } else if (current.isNumber()) {
      out.addAll(WRONG_FOR_NUMBER);
    } else if (current.isBoolean()) {
      out.addAll(WRONG_FOR_BOOLEAN);
    }
    if (required) {
      out.add(NODES.nullNode());
    }
    return out;
  }

  private static List<String> leaves(JsonNode node, String at) {
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      node.propertyNames().forEach(name -> out.addAll(leaves(node.get(name), at + "/" + name)));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.addAll(leaves(node.get(i), at + "/" + i));
      }
    } else {
      out.add(at);
    }
    return out;
  }

  private static void replace(JsonNode root, String pointer, JsonNode value) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String last = pointer.substring(cut + 1);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
  }

  private HostileCorpus() {}
}

package dev.tandem.replicas;

import dev.tandem.exec.TestComponents;
import dev.tandem.exec.TestHosts;
import dev.tandem.exec.TestNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform of the replica tests. Pool {@value #REAL_POOL} lives on three "hosts" that are
 * containers running sshd (tandem-test-host) with this machine's Docker engine, on a macvlan network
 * whose parent is a veth the test makes, so provision-platform runs for real. Pool
 * {@value #HEKETI_POOL} is inventory only, on hosts nothing connects to: it exists to be reconciled
 * into the Heketi stand-in.
 */
final class ReplicaPlatform {

  static final String REAL_POOL = "ra";
  static final String HEKETI_POOL = "rb";
  static final String SUBNET = "198.18.4.0/24";
  static final String PREFIX = "198.18.4.";
  static final String PARENT = "tdm-ra";
  static final Path ROOT = Path.of("/tmp/tandem-replicas-it");
  static final int HOSTS = 3;

  static void requireComponents() {
    TestComponents.requireDocker();
    for (String image : List.of(TestHosts.IMAGE, "tandem-test-gluster:latest", "tandem-test-heketi:latest")) {
      TestComponents.requireImage(image);
    }
  }

  /** Starts the hosts with this public key authorized for root, and answers their addresses. */
  static List<String> startHosts(String publicKey) throws IOException {
    cleanUp();
    TestNetworks.requireFree(SUBNET);
    TestNetworks.veth(PARENT);
    Files.createDirectories(ROOT);
    Path keys = ROOT.resolve("authorized_keys");
    Files.writeString(keys, publicKey);
    List<String> addresses = new ArrayList<>();
    for (int i = 1; i <= HOSTS; i++) {
      Path root = ROOT.resolve("node" + i);
      Files.createDirectories(root);
      addresses.add(TestHosts.start(host(i), root, keys));
    }
    addresses.forEach(TestHosts::waitForSsh);
    return addresses;
  }

  static void cleanUp() {
    for (int i = 1; i <= HOSTS; i++) {
      TestComponents.run("docker", "rm", "-f", host(i), REAL_POOL + "-" + i);
    }
    TestComponents.run("docker", "rm", "-f", "gluster-heketi");
    TestComponents.run("docker", "network", "rm", REAL_POOL + "-net");
    TestNetworks.deleteLink(PARENT);
    TestComponents.run("docker", "run", "--rm", "-v", "/tmp:/tmp", TestComponents.BUSYBOX_IMAGE, "/bin/busybox", "rm",
        "-rf", ROOT.toString());
  }

  /** The platform spec: the real pool on the host containers, the Heketi-only pool on hosts never reached. */
  static String spec(List<String> addresses) {
    StringBuilder yaml = new StringBuilder("hosts:\n");
    for (int i = 1; i <= HOSTS; i++) {
      yaml.append("  - {name: node").append(i).append(", address: ").append(addresses.get(i - 1))
          .append(", dockerEndpoint: 'unix:///var/run/docker.sock', interfaces: [{name: ").append(PARENT)
          .append("}], devices: [{path: /dev/sdb}]}\n");
    }
    for (int i = 1; i <= HOSTS; i++) {
      yaml.append("  - {name: fh").append(i).append(", address: fh").append(i)
          .append(".invalid, interfaces: [{name: eth9}], devices: [{path: /dev/sdb}]}\n");
    }
    yaml.append("pools:\n");
    pool(yaml, REAL_POOL, "node", SUBNET, PARENT, PREFIX);
    pool(yaml, HEKETI_POOL, "fh", "198.18.8.0/24", "eth9", "198.18.8.");
    yaml.append("heketi: {host: node1, port: 18081, image: 'tandem-test-heketi:latest'}\n");
    return yaml.toString();
  }

  private static void pool(StringBuilder yaml, String name, String hostPrefix, String subnet, String parent,
      String prefix) {
    yaml.append("  - name: ").append(name).append("\n    subnet: ").append(subnet).append("\n    interface: ")
        .append(parent).append("\n    image: tandem-test-gluster:latest\n    privilegeMode: capabilities\n")
        .append("    members:\n");
    for (int i = 1; i <= HOSTS; i++) {
      yaml.append("      - {host: ").append(hostPrefix).append(i).append(", container: ").append(name).append('-')
          .append(i).append(", ip: ").append(prefix).append(10 + i).append(", zone: ").append(i).append("}\n");
    }
    yaml.append("    devices:\n");
    for (int i = 1; i <= HOSTS; i++) {
      yaml.append("      - {host: ").append(hostPrefix).append(i).append(", device: /dev/sdb}\n");
    }
  }

  /** The job request that provisions the real pool on its hosts. */
  static String provisionRequest() {
    return "{\"type\":\"provision-platform\",\"pools\":[\"" + REAL_POOL + "\"],"
        + "\"hosts\":[\"node1\",\"node2\",\"node3\"]}";
  }

  static String host(int i) {
    return "tdm-r-node" + i;
  }

  private ReplicaPlatform() {}
}

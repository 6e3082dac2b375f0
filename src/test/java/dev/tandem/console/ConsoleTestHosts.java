package dev.tandem.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.exec.TestComponents;
import dev.tandem.exec.TestHosts;
import dev.tandem.exec.TestNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real side of the console's job test: pool {@value #POOL} on two "hosts" that are sshd
 * containers with this machine's Docker engine, on a macvlan network whose parent is a veth made
 * here, so deploy-pool runs real SSH and Docker commands. Its names, directory and subnet are its
 * own: ProvisioningRealTests and the replica tests may run in the same JVM.
 */
final class ConsoleTestHosts {

  static final String POOL = "tdc";
  static final String SUBNET = "198.18.7.0/24";
  static final String PARENT = "tdc-p";
  static final Path ROOT = Path.of("/tmp/tandem-console-it");
  static final List<String> HOSTS = List.of("tdc-node1", "tdc-node2");

  /** Tandem's root prefix: each host's paths under its own directory, which its container mounts. */
  static String rootPrefix() {
    return ROOT + "/{host}";
  }

  static void requireComponents() {
    TestComponents.requireDocker();
    TestComponents.requireImage(TestHosts.IMAGE);
    TestComponents.requireImage("tandem-test-gluster:latest");
  }

  /**
   * Starts the hosts with Tandem's public key authorized and adds them and the pool to the inventory;
   * their sshd comes up in the seconds after ({@link #awaitSsh}).
   */
  static void start(TestHttp admin) throws IOException {
    cleanUp(admin);
    TestNetworks.requireFree(SUBNET);
    TestNetworks.veth(PARENT);
    Files.createDirectories(ROOT);
    Path keys = ROOT.resolve("authorized_keys");
    Files.writeString(keys, admin.get("/api/v1/provisioning/ssh-key", "text/plain").body());
    StringBuilder members = new StringBuilder();
    for (int i = 1; i <= HOSTS.size(); i++) {
      String host = HOSTS.get(i - 1);
      Path root = ROOT.resolve(host);
      Files.createDirectories(root);
      String address = TestHosts.start(host, root, keys);
      TestHttp.Response added = admin.post("/api/v1/hosts", "{\"name\":\"" + host + "\",\"address\":\"" + address
          + "\",\"dockerEndpoint\":\"" + TestComponents.DOCKER + "\",\"interfaces\":[{\"name\":\"" + PARENT + "\"}]}");
      assertThat(added.status()).as(added.toString()).isEqualTo(201);
      members.append(i > 1 ? "," : "").append("{\"host\":\"").append(host).append("\",\"container\":\"")
          .append(container(i)).append("\",\"ip\":\"198.18.7.").append(10 + i).append("\",\"zone\":").append(i)
          .append('}');
    }
    TestHttp.Response pool = admin.post("/api/v1/pools", "{\"name\":\"" + POOL + "\",\"subnet\":\"" + SUBNET
        + "\",\"interface\":\"" + PARENT + "\",\"image\":\"tandem-test-gluster:latest\","
        + "\"privilegeMode\":\"capabilities\",\"durability\":\"replicate:2\",\"members\":[" + members + "]}");
    assertThat(pool.status()).as(pool.toString()).isEqualTo(201);
  }

  static void awaitSsh() {
    HOSTS.forEach(h -> TestHosts.waitForSsh(TestHosts.inspect(h, "{{.NetworkSettings.IPAddress}}")));
  }

  /** The pool's container on the i-th host (from 1). */
  static String container(int i) {
    return POOL + "-" + i;
  }

  /** Freezes a host (docker pause): its sshd accepts the connection and answers nothing until thawed. */
  static void freeze(String host) {
    assertThat(TestComponents.run("docker", "pause", host)).as("docker pause " + host).isTrue();
  }

  static void thaw(String host) {
    TestComponents.run("docker", "unpause", host);
  }

  /** Removes whatever exists of what {@link #start} and the job made: inventory, containers, network, veth, files. */
  static void cleanUp(TestHttp admin) {
    admin.delete("/api/v1/pools/" + POOL + "?cascade=true");
    List<String> containers = new ArrayList<>(List.of("docker", "rm", "-f"));
    for (int i = 1; i <= HOSTS.size(); i++) {
      admin.delete("/api/v1/hosts/" + HOSTS.get(i - 1) + "?cascade=true");
      containers.addAll(List.of(HOSTS.get(i - 1), container(i)));
    }
    TestComponents.run(containers.toArray(String[]::new));
    TestComponents.run("docker", "network", "rm", POOL + "-net");
    TestNetworks.deleteLink(PARENT);
    if (Files.exists(ROOT)) {
      TestHosts.removeTree(ROOT);
    }
  }

  private ConsoleTestHosts() {}
}

package dev.tandem.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/**
 * Test-made network parents: veth pairs (this kernel has no 8021q or dummy links). A subnet a test
 * uses must not overlap any route already on the machine; the test fails fast if it does.
 */
public final class TestNetworks {

  public static void veth(String name) {
    deleteLink(name);
    if (!TestComponents.run("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p")
        || !TestComponents.run("ip", "link", "set", name, "up")
        || !TestComponents.run("ip", "link", "set", name + "p", "up")) {
      Assertions.fail("cannot create veth " + name + " (needs root and iproute2)");
    }
  }

  /** A host-side macvlan on a parent, so this machine reaches its own containers on that network. */
  public static void shim(String name, String parent, String address) {
    deleteLink(name);
    if (!TestComponents.run("ip", "link", "add", name, "link", parent, "type", "macvlan", "mode", "bridge")
        || !TestComponents.run("ip", "addr", "add", address, "dev", name)
        || !TestComponents.run("ip", "link", "set", name, "up")) {
      Assertions.fail("cannot create macvlan shim " + name + " on " + parent);
    }
  }

  public static void deleteLink(String name) {
    TestComponents.run("ip", "link", "del", name);
  }

  public static void requireFree(String subnet) {
    try {
      Process p = new ProcessBuilder(List.of("ip", "-4", "route", "show", "match", subnet.split("/")[0]))
          .redirectErrorStream(true).start();
      String routes = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      for (String line : routes.lines().toList()) {
        if (!line.startsWith("default")) {
          Assertions.fail("test subnet " + subnet + " overlaps a route on this machine: " + line
              + "; choose another test subnet");
        }
      }
    } catch (IOException e) {
      Assertions.fail("cannot read routes: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private TestNetworks() {}
}

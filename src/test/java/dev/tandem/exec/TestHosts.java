package dev.tandem.exec;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * "Hosts" for the real tests: containers of the locally built {@code tandem-test-host} image running
 * sshd on port 22, root's authorized_keys mounted read-only, and a directory of this machine mounted
 * at the same path, so that what a step makes there over SSH is what this machine's Docker engine
 * binds into the containers it runs.
 */
public final class TestHosts {

  public static final String IMAGE = "tandem-test-host:latest";

  /** Starts host container {@code name} and answers its address (sshd may still be starting: {@link #waitForSsh}). */
  public static String start(String name, Path root, Path authorizedKeys) {
    TestComponents.run("docker", "rm", "-f", name);
    Assertions.assertTrue(TestComponents.run("docker", "run", "-d", "--name", name, "-v", root + ":" + root,
        "-v", authorizedKeys + ":/root/.ssh/authorized_keys:ro", IMAGE), "start " + name);
    return inspect(name, "{{.NetworkSettings.IPAddress}}");
  }

  public static void waitForSsh(String address) {
    Instant until = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(until)) {
      try (Socket s = new Socket(address, 22)) {
        return;
      } catch (IOException e) {
        pause(100);
      }
    }
    throw new AssertionError("sshd did not come up on " + address);
  }

  public static String inspect(String container, String format) {
    return output("docker", "inspect", "-f", format, container).strip();
  }

  /** Removes a directory tree the containers wrote into, whoever owns its files. */
  public static void removeTree(Path dir) {
    Path parent = dir.toAbsolutePath().getParent();
    TestComponents.run("docker", "run", "--rm", "-v", parent + ":" + parent, TestComponents.BUSYBOX_IMAGE,
        "/bin/busybox", "rm", "-rf", dir.toAbsolutePath().toString());
  }

  /** What a command printed, stdout and stderr together. */
  public static String output(String... argv) {
    try {
      Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private TestHosts() {}
}

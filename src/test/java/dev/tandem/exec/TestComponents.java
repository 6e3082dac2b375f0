package dev.tandem.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real components these tests need: an sshd they start on loopback, and the Docker engine with
 * the locally built test image. .ci/run installs and starts them; without them a developer's run
 * skips these tests with a message saying so, and CI fails.
 */
public final class TestComponents {

  public static final String DOCKER = "unix:///var/run/docker.sock";
  public static final String BUSYBOX_IMAGE = "tandem-test-busybox:latest";

  public static void require(boolean present, String what) {
    if (present) {
      return;
    }
    String message = what + " is not available; .ci/run installs and starts it";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  public static void requireDocker() {
    require(Files.exists(Path.of("/var/run/docker.sock")) && run("docker", "image", "inspect", BUSYBOX_IMAGE),
        "a Docker engine with image " + BUSYBOX_IMAGE);
  }

  public static void requireImage(String image) {
    require(run("docker", "image", "inspect", image), "the locally built image " + image + " (.ci/test-images)");
  }

  public static void requireSshd() {
    require(Files.isExecutable(Path.of("/usr/sbin/sshd")), "OpenSSH's sshd (/usr/sbin/sshd)");
  }

  public static boolean run(String... argv) {
    try {
      Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private TestComponents() {}
}

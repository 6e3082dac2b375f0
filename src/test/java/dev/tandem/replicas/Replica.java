package dev.tandem.replicas;

import dev.tandem.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Tandem process started from the built jar ({@code -Dtandem.jar}, set by the failsafe
 * configuration), with its own port, data directory and log file. {@link #kill()} is SIGKILL,
 * {@link #stop()} SIGTERM and a wait.
 */
final class Replica {

  static final Duration READY_WITHIN = Duration.ofSeconds(90);

  /**
   * The image's JVM options (Dockerfile; README, "It starts quickly"): Spring AOT's bean definitions, the C1
   * compiler only on one thread, the serial collector. Not its class-data-sharing archive: for five starts
   * its training start (about 35 s on a busy two-core machine) cost as much as the archive saved.
   */
  static final List<String> JVM_OPTIONS = List.of("-Dspring.aot.enabled=true", "-XX:TieredStopAtLevel=1",
      "-XX:CICompilerCount=1", "-XX:+UseSerialGC");

  final String name;
  private final Path dir;
  private final Map<String, String> env;
  private final List<String> args;
  private Process process;
  private int port;

  /**
   * @param name the replica's instance name (tandem.coordination.instance)
   * @param dir its own directory: data dir, SSH key file and log
   * @param env environment shared by every replica (database, master key, admin secret, Heketi)
   * @param args further {@code --property=value} arguments shared by every replica
   */
  Replica(String name, Path dir, Map<String, String> env, List<String> args) {
    this.name = name;
    this.dir = dir;
    this.env = Map.copyOf(env);
    this.args = List.copyOf(args);
  }

  static Path jar() {
    String jar = System.getProperty("tandem.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property tandem.jar names no built jar (" + jar + "): run these ITs"
          + " through failsafe after package (./mvnw verify, or package then failsafe:integration-test)");
    }
    return Path.of(jar);
  }

  /** Starts the process and returns at once; {@link #awaitReady()} waits for readiness. */
  synchronized void start() {
    if (alive()) {
      throw new IllegalStateException("replica " + name + " is already running");
    }
    try {
      Files.createDirectories(dir.resolve("data"));
      port = freePort();
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
      command.addAll(JVM_OPTIONS);
      command.addAll(List.of("-jar", jar().toString(),
          "--server.port=" + port,
          "--server.address=127.0.0.1",
          "--tandem.security.data-dir=" + dir.resolve("data"),
          "--tandem.provisioning.ssh-key-file=" + dir.resolve("data/tandem_ssh_key")));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      builder.environment().putAll(env);
      builder.environment().put("TANDEM_COORDINATION_INSTANCE", name);
      Files.writeString(log(), "---- start " + Instant.now() + " on port " + port + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until /actuator/health/readiness answers UP, or fails with the log's tail. */
  void awaitReady() {
    Instant until = Instant.now().plus(READY_WITHIN);
    while (Instant.now().isBefore(until)) {
      if (!alive()) {
        throw new AssertionError("replica " + name + " exited with " + process.exitValue() + " before it was ready\n"
            + tail());
      }
      if (readiness() == 200) {
        return;
      }
      sleep(250);
    }
    throw new AssertionError("replica " + name + " not ready within " + READY_WITHIN + "\n" + tail()
        + "\n---- its threads\n" + threadDump());
  }

  /** The JVM's thread dump (jcmd Thread.print), to see what a start that does not end waits for. */
  private String threadDump() {
    Path out = dir.resolve("threads.txt");
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no thread dump: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)";
    }
  }

  /** The status of /actuator/health/readiness (0 when nothing answers). */
  int readiness() {
    try {
      return new TestHttp(port, null, null).get("/actuator/health/readiness").status();
    } catch (UncheckedIOException e) {
      return 0;
    }
  }

  /** SIGKILL (Process.destroyForcibly on Linux), and waits for the process to be gone. */
  synchronized void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
  }

  /** SIGTERM, then a bounded wait for the graceful shutdown; SIGKILL if it does not end in time. */
  synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitFor(Duration.ofSeconds(45))) {
        kill();
      }
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** The exit code of the last run (137 after SIGKILL, from the JVM's 128 + 9), or null while running. */
  synchronized Integer exitCode() {
    return process == null || process.isAlive() ? null : process.exitValue();
  }

  int port() {
    return port;
  }

  TestHttp admin(String adminSecret) {
    return new TestHttp(port, "admin", adminSecret);
  }

  TestHttp as(String client, String secret) {
    return new TestHttp(port, client, secret);
  }

  Path log() {
    return dir.resolve("replica.log");
  }

  /** The last lines of this replica's log, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of();
      return "---- last lines of " + log() + "\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log() + ": " + e.getMessage() + ")";
    }
  }

  private boolean waitFor(Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

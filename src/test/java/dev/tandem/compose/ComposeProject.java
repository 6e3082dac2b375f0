package dev.tandem.compose;

import dev.tandem.exec.TestComponents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * The repository's docker-compose.yml under a project name of its own, run through whichever compose
 * this machine has ({@code docker compose}, else Debian's {@code docker-compose}), with an env file
 * made from config/compose.env.example: generated secrets, the load balancer on a free loopback port,
 * and the images CI built locally ({@code TANDEM_JRE_IMAGE}, {@code TANDEM_POSTGRES_IMAGE},
 * {@code TANDEM_HAPROXY_IMAGE}; unset, the upstream defaults). Each step's output goes to a numbered
 * log file under {@code target/compose-it/}.
 */
final class ComposeProject {

  static final Path EXAMPLE = Path.of("config/compose.env.example");
  private static final Pattern SETTING = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=.*$");

  final String name;
  final String tandemImage;
  final int port;
  final String adminSecret;
  private final List<String> compose;
  private final Path logs;
  private final Path envFile;
  private final Map<String, String> settings;
  private int step;

  private ComposeProject(List<String> compose, Path logs) {
    SecureRandom random = new SecureRandom();
    this.name = "tandemit" + HexFormat.of().formatHex(bytes(random, 4));
    this.tandemImage = "tandem-compose-it:" + name;
    this.port = freeLoopbackPort();
    this.adminSecret = secret(random);
    this.compose = compose;
    this.logs = logs;
    this.envFile = logs.resolve("compose.env");
    settings = new LinkedHashMap<>();
    settings.put("TANDEM_DB_PASSWORD", secret(random));
    settings.put("TANDEM_SECURITY_MASTER_KEY", Base64.getEncoder().encodeToString(bytes(random, 32)));
    settings.put("TANDEM_SECURITY_ADMIN_SECRET", adminSecret);
    settings.put("TANDEM_HEKETI_URL", "");
    settings.put("TANDEM_PORT", "127.0.0.1:" + port);
    settings.put("TANDEM_PUBLIC_URL", "http://127.0.0.1:" + port);
    settings.put("TANDEM_IMAGE", tandemImage);
    settings.put("JRE_IMAGE", image("TANDEM_JRE_IMAGE", "eclipse-temurin:17-jre"));
    settings.put("POSTGRES_IMAGE", image("TANDEM_POSTGRES_IMAGE", "postgres:16"));
    settings.put("HAPROXY_IMAGE", image("TANDEM_HAPROXY_IMAGE", "haproxy:2.6"));
  }

  /** A project with its env file written, once Docker, compose and the named stand-in images are there. */
  static ComposeProject create(Path logs) throws IOException {
    TestComponents.require(TestComponents.run("docker", "info"), "a Docker engine");
    List<String> compose = TestComponents.run("docker", "compose", "version") ? List.of("docker", "compose")
        : TestComponents.run("docker-compose", "version") ? List.of("docker-compose") : null;
    TestComponents.require(compose != null, "Docker Compose ('docker compose' or 'docker-compose')");
    for (String variable : List.of("TANDEM_JRE_IMAGE", "TANDEM_POSTGRES_IMAGE", "TANDEM_HAPROXY_IMAGE")) {
      String image = System.getenv(variable);
      if (image != null && !image.isBlank()) {
        TestComponents.require(TestComponents.run("docker", "image", "inspect", image),
            "the image " + image + " (" + variable + ", built by .ci/images/)");
      }
    }
    Files.createDirectories(logs);
    ComposeProject project = new ComposeProject(compose, logs);
    project.writeEnvFile();
    return project;
  }

  /** config/compose.env.example with this project's values: the example must name each of them. */
  private void writeEnvFile() throws IOException {
    List<String> lines = new ArrayList<>();
    List<String> missing = new ArrayList<>(settings.keySet());
    for (String line : Files.readAllLines(EXAMPLE)) {
      Matcher setting = SETTING.matcher(line);
      if (setting.matches() && settings.containsKey(setting.group(1))) {
        lines.add(setting.group(1) + "=" + settings.get(setting.group(1)));
        missing.remove(setting.group(1));
      } else {
        lines.add(line);
      }
    }
    Assertions.assertEquals(List.of(), missing, EXAMPLE + " names every setting this test sets");
    Files.write(envFile, lines, StandardCharsets.UTF_8);
  }

  /** Runs {@code compose <arguments>} for this project; answers its output, fails on a non-zero exit. */
  String compose(Duration timeout, String... arguments) {
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("--env-file", envFile.toAbsolutePath().toString(), "-p", name,
        "-f", Path.of("docker-compose.yml").toAbsolutePath().toString()));
    command.addAll(List.of(arguments));
    return run("compose " + String.join(" ", arguments), command, timeout);
  }

  /** Runs {@code docker <arguments>} (its output in docker.out until the next one); answers its output, fails on a non-zero exit. */
  String docker(Duration timeout, String... arguments) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(arguments));
    return run(command, logs.resolve("docker.out"), timeout);
  }

  /**
   * What {@code docker <command...> -q} lists of this project, by its label or by its name (Compose v1
   * names things "<project>_...", v2 "<project>-...").
   */
  List<String> listed(String... command) {
    Set<String> found = new LinkedHashSet<>();
    for (String filter : List.of("label=com.docker.compose.project=" + name, "name=" + name)) {
      List<String> arguments = new ArrayList<>(List.of(command));
      arguments.addAll(List.of("-q", "--filter", filter));
      docker(Duration.ofSeconds(30), arguments.toArray(String[]::new)).lines().filter(l -> !l.isBlank())
          .forEach(found::add);
    }
    return List.copyOf(found);
  }

  /** The volumes mounted into this project's containers: named ones and anonymous ones (an image's VOLUME). */
  List<String> volumesOfContainers() {
    List<String> containers = listed("ps", "-a");
    if (containers.isEmpty()) {
      return List.of();
    }
    List<String> arguments = new ArrayList<>(List.of("inspect", "--format", "{{range .Mounts}}{{.Name}} {{end}}"));
    arguments.addAll(containers);
    return List.of(docker(Duration.ofSeconds(30), arguments.toArray(String[]::new)).strip().split("\\s+"));
  }

  private String run(String label, List<String> command, Duration timeout) {
    step++;
    String file = label.replaceAll("[^A-Za-z0-9.-]+", "_");
    return run(command, logs.resolve(String.format("%02d-%s.log", step, file.substring(0, Math.min(file.length(), 60)))),
        timeout);
  }

  private String run(List<String> command, Path log, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // the env file decides: no variable of this shell may override it
    settings.keySet().forEach(builder.environment()::remove);
    builder.environment().putIfAbsent("DOCKER_BUILDKIT", "0");
    try {
      Files.writeString(log, "");
      Process process = builder.start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        Assertions.fail(String.join(" ", command) + " did not end within " + timeout + ": see " + log);
      }
      String output = Files.readString(log);
      Assertions.assertEquals(0, process.exitValue(), String.join(" ", command) + " failed (see " + log + "):\n"
          + output);
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String image(String variable, String upstream) {
    String image = System.getenv(variable);
    return image == null || image.isBlank() ? upstream : image;
  }

  private static String secret(SecureRandom random) {
    return HexFormat.of().formatHex(bytes(random, 24));
  }

  private static byte[] bytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

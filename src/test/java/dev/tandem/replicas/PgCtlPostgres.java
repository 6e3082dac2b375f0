package dev.tandem.replicas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * A {@link PrivatePostgres} from binaries: initdb into a temporary directory, pg_ctl on a free loopback
 * port. As root the server runs as the {@code postgres} user (initdb refuses root).
 */
final class PgCtlPostgres implements PrivatePostgres {

  private static final String USER = "tandem";
  static final Path BIN = Path.of(System.getenv().getOrDefault("TANDEM_TEST_POSTGRES_BIN",
      "/usr/lib/postgresql/15/bin"));

  private final Path dir;
  private final int port;
  private final boolean root;

  private PgCtlPostgres(Path dir, int port, boolean root) {
    this.dir = dir;
    this.port = port;
    this.root = root;
  }

  /** Whether initdb and pg_ctl are in {@link #BIN}. */
  static boolean installed() {
    return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
  }

  /** Makes a cluster (trust authentication, superuser {@value #USER}) and starts it. */
  static PgCtlPostgres start() {
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("tandem-replicas-pg");
      PgCtlPostgres pg = new PgCtlPostgres(dir, Replica.freePort(), root);
      if (root && !run(List.of("chown", "postgres:postgres", dir.toString()), Duration.ofSeconds(10))) {
        PrivatePostgres.unavailable("cannot hand " + dir + " to the postgres user");
      }
      if (!pg.asOwner(List.of(BIN.resolve("initdb").toString(), "-D", pg.data().toString(), "-U", USER,
          "--auth=trust", "--no-sync", "-E", "UTF8"), Duration.ofSeconds(60))) {
        PrivatePostgres.unavailable("initdb failed in " + dir + ": " + pg.output());
      }
      pg.startServer();
      return pg;
    } catch (IOException e) {
      PrivatePostgres.unavailable("cannot make a PostgreSQL directory: " + e.getMessage());
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public String password() {
    return "";
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** pg_ctl start, and waits until it accepts connections. */
  @Override
  public void startServer() {
    boolean started = asOwner(List.of(BIN.resolve("pg_ctl").toString(), "-D", data().toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off -c max_connections=200", "start"),
        Duration.ofSeconds(90));
    Assertions.assertTrue(started && accepts(Duration.ofSeconds(30)),
        "private PostgreSQL did not start on port " + port + ": " + output() + serverLog());
  }

  /** pg_ctl stop -m fast: every session is ended, as when the database server restarts. */
  @Override
  public void stopServer() {
    asOwner(List.of(BIN.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop"),
        Duration.ofSeconds(90));
  }

  /** Stops the server and removes its directory. */
  @Override
  public void destroy() {
    stopServer();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  private String output() {
    try {
      Path out = dir.resolve("pg_ctl.out");
      return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private String serverLog() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? "\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private boolean asOwner(List<String> command, Duration limit) {
    List<String> argv = new ArrayList<>();
    if (root) {
      argv.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    argv.addAll(command);
    try {
      Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("pg_ctl.out").toFile()).start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean run(List<String> argv, Duration limit) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

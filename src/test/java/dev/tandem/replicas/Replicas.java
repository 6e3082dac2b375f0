package dev.tandem.replicas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Three Tandem replicas, a, b and c, on one database, sharing the master key, the bootstrap admin's
 * secret and the Heketi they drive. Started in parallel; whatever happens, {@link #killAll()} leaves
 * no process behind.
 */
final class Replicas {

  static final String MASTER_KEY = "replicas-it-master-key-not-for-production";
  static final String ADMIN_SECRET = "replicas-it-admin-secret";

  private final Map<String, Replica> replicas = new LinkedHashMap<>();

  Replicas(Path dir, String jdbcUrl, String user, String password, String heketiUrl, String heketiAdminKey,
      List<String> args) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPRING_DATASOURCE_URL", jdbcUrl);
    env.put("SPRING_DATASOURCE_USERNAME", user);
    env.put("SPRING_DATASOURCE_PASSWORD", password);
    env.put("TANDEM_SECURITY_MASTER_KEY", MASTER_KEY);
    env.put("TANDEM_SECURITY_ADMIN_SECRET", ADMIN_SECRET);
    env.put("TANDEM_HEKETI_URL", heketiUrl);
    env.put("TANDEM_HEKETI_ADMIN_KEY", heketiAdminKey);
    for (String name : List.of("a", "b", "c")) {
      replicas.put(name, new Replica(name, dir.resolve(name), env, args));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::killAll));
  }

  Replica get(String name) {
    return replicas.get(name);
  }

  List<Replica> all() {
    return List.copyOf(replicas.values());
  }

  /** The replicas other than this one. */
  List<Replica> others(Replica one) {
    return replicas.values().stream().filter(r -> r != one).toList();
  }

  /** Starts every replica that is not running, in parallel, and waits until each is ready. */
  void ensureRunning() {
    List<Replica> down = replicas.values().stream().filter(r -> !r.alive()).toList();
    down.forEach(Replica::start);
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (Replica r : down) {
      ready.add(CompletableFuture.runAsync(r::awaitReady));
    }
    try {
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AssertionError failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** SIGKILL to every replica still running. */
  void killAll() {
    replicas.values().forEach(Replica::kill);
  }

  /** Every replica's log tail, for a failure message. */
  String tails() {
    return replicas.values().stream().map(Replica::tail).collect(Collectors.joining("\n"));
  }
}

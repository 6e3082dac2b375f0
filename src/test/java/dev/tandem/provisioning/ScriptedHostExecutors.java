package dev.tandem.provisioning;

import dev.tandem.exec.Command;
import dev.tandem.exec.CommandResult;
import dev.tandem.exec.ContainerSpec;
import dev.tandem.exec.DockerCommands;
import dev.tandem.exec.ExecException;
import dev.tandem.exec.RecordingContainerEngine;
import dev.tandem.exec.RemoteShell;
import dev.tandem.exec.SshTarget;
import dev.tandem.inventory.HostSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Hosts for job tests: prerequisites judged by the live {@link SshDockerHostExecutors} (it touches no
 * host), commands answered by a script instead of SSH, Docker calls recorded. Every command is
 * recorded with its host (container runs, removals and execs too); a host's session refuses commands once closed; a host named in
 * {@link #hold} waits at its first command until the gate opens. A host named in {@link #real} is
 * reached for real, through the live executors, and nothing of it is recorded.
 */
class ScriptedHostExecutors implements HostExecutors {

  /** A command as run: the host, the command line, and whether it only checked state. */
  record Ran(String host, String command, boolean check) {}

  private final HostExecutors live;
  private final List<Ran> ran = new ArrayList<>();
  private final List<RecordingContainerEngine> engines = new ArrayList<>();
  private final Set<String> closedUnderUse = ConcurrentHashMap.newKeySet();
  volatile BiFunction<String, Command, CommandResult> answer = ScriptedHostExecutors::freshHost;
  /** What a command run inside a container (docker exec) answers, by container. */
  volatile BiFunction<String, Command, CommandResult> exec = (container, command) -> new CommandResult(0, "", "");
  volatile Set<String> hold = Set.of();
  volatile CountDownLatch gate = new CountDownLatch(0);
  volatile Set<String> real = Set.of();
  /** What opening a host's session throws instead, by host (null: it opens). */
  volatile Function<String, RuntimeException> openFails = host -> null;

  ScriptedHostExecutors(HostExecutors live) {
    this.live = live;
  }

  /** Forgets what ran and opens every gate: a fresh host for each test. */
  synchronized void reset() {
    ran.clear();
    engines.clear();
    closedUnderUse.clear();
    answer = ScriptedHostExecutors::freshHost;
    exec = (container, command) -> new CommandResult(0, "", "");
    hold = Set.of();
    real = Set.of();
    openFails = host -> null;
    gate.countDown();
    gate = new CountDownLatch(0);
  }

  synchronized List<Ran> ran() {
    return List.copyOf(ran);
  }

  /** The Docker calls made on every host's engine, in no particular order across hosts. */
  synchronized List<String> dockerCalls() {
    return engines.stream().flatMap(e -> e.calls().stream()).toList();
  }

  /** Hosts that were sent a command after their session had been closed. */
  Set<String> closedUnderUse() {
    return Set.copyOf(closedUnderUse);
  }

  /** As a fresh host answers: nothing is there yet (checks exit 1), every action succeeds. */
  static CommandResult freshHost(String host, Command command) {
    return new CommandResult(command.argv().get(0).equals("test") || command.argv().get(0).equals("grep")
        || command.argv().get(0).equals("cat") || command.argv().contains("show")
        || command.argv().contains("is-enabled") || command.argv().contains("--query-port") ? 1 : 0,
        "done: " + command.argv().get(0) + "\n", "");
  }

  @Override
  public List<String> missing(HostSpec host) {
    return live.missing(host);
  }

  @Override
  public HostSession open(HostSpec host) {
    RuntimeException fails = openFails.apply(host.name());
    if (fails != null) {
      throw fails;
    }
    if (real.contains(host.name())) {
      return live.open(host);
    }
    RecordingContainerEngine engine = new Engine(host.name());
    synchronized (this) {
      engines.add(engine);
    }
    return new HostSession(new SshTarget(host.name(), host.address(), host.sshPort(), host.sshUser()),
        new Shell(host.name()), engine);
  }

  /** Records Docker calls (runs, removals and execs also as commands run); answers execs by {@link #exec}. */
  private final class Engine extends RecordingContainerEngine {
    Engine(String host) {
      super(host);
    }

    @Override
    public void run(ContainerSpec spec) {
      super.run(spec);
      record(new Ran(host(), "docker run --name=" + spec.name() + " " + spec.image(), false));
    }

    @Override
    public void remove(String name) {
      super.remove(name);
      record(new Ran(host(), DockerCommands.remove(name), false));
    }

    @Override
    public CommandResult exec(String container, Command command) {
      super.exec(container, command);
      record(new Ran(host(), DockerCommands.exec(container, command), false));
      return exec.apply(container, command);
    }
  }

  private synchronized void record(Ran command) {
    ran.add(command);
  }

  private final class Shell implements RemoteShell, AutoCloseable {
    private final String host;
    private volatile boolean waited;
    private volatile boolean closed;

    Shell(String host) {
      this.host = host;
    }

    @Override
    public CommandResult run(SshTarget target, Command command) {
      return answer(command, false);
    }

    @Override
    public CommandResult check(SshTarget target, Command command) {
      return answer(command, true);
    }

    private CommandResult answer(Command command, boolean check) {
      if (!waited && hold.contains(host)) {
        waited = true;
        try {
          if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new ExecException(host + ": the test never opened the gate");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ExecException(host + ": interrupted", e);
        }
      }
      if (closed) {
        closedUnderUse.add(host);
        throw new ExecException(host + ": the session was closed under a running step");
      }
      record(new Ran(host, command.toShell(), check));
      return answer.apply(host, command);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

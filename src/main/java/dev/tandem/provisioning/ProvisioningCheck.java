package dev.tandem.provisioning;

import dev.tandem.exec.CheckOnlyContainerEngine;
import dev.tandem.exec.CheckOnlyRemoteShell;
import dev.tandem.exec.ExecException;
import dev.tandem.heketidb.BackupFiles;
import dev.tandem.inventory.HostKeyStore;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.inventory.PoolSpec;
import dev.tandem.provisioning.JobRequest.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * The check half of prepare-hosts, deploy-pool (each pool) and deploy-heketi: their very steps, run
 * over the hosts' real shells and engines wrapped so that checks and reads reach the host and every
 * action is only recorded ({@link CheckOnlyRemoteShell}, {@link CheckOnlyContainerEngine}). A step
 * that would act is drift. Left out: the systemd units of {@code systemdUnits:true} jobs (the jobs are
 * planned without them), and, while Heketi's secrets are not stored, Heketi's configuration and keys (one
 * finding says so instead). Containers are judged as
 * a job with {@code replaceDrifted} would: missing, stopped, or made from another spec. Changes nothing on
 * the hosts, their engines, Heketi or the inventory, and generates no secret: Heketi's secrets and Tandem's
 * key are only read. A host without a pinned SSH host key is not connected to (a job pins it on first
 * contact; a report on a schedule makes no trust decision): it is a finding of kind host.
 */
@Service
public class ProvisioningCheck {

  private static final String KEY_STEP = "heketi key for ";
  static final int WOULD_RUN_SHOWN = 20;
  private static final Set<String> SECRET_KINDS = Set.of("key", "heketi-config");

  private final PlatformService platform;
  private final PlatformSecrets secrets;
  private final HostExecutors executors;
  private final ProvisioningProperties properties;
  private final BackupFiles backups;
  private final HostKeyStore hostKeys;

  ProvisioningCheck(PlatformService platform, PlatformSecrets secrets, HostExecutors executors,
      ProvisioningProperties properties, BackupFiles backups, HostKeyStore hostKeys) {
    this.hostKeys = hostKeys;
    this.platform = platform;
    this.secrets = secrets;
    this.executors = executors;
    this.properties = properties;
    this.backups = backups;
  }

  /** A planned step with the job and pool it comes from. */
  private record Planned(String job, String pool, Step step) {}

  /** Every step of the three jobs that would act now, host by host; hosts that cannot be checked, as such. */
  public List<StepDrift> check() {
    PlatformSpec spec = platform.export();
    boolean stored = secrets.heketiIfStored().isPresent();
    HeketiSecrets heketi = secrets.heketiIfStored().orElse(HeketiSecrets.placeholders());
    Set<String> masked = Set.of(heketi.sshPrivateKey(), heketi.adminKey(), heketi.userKey());
    Map<String, String> poolOfContainer = new HashMap<>();
    spec.pools().forEach(p -> p.members().forEach(m -> poolOfContainer.put(m.container(), p.name())));
    List<StepDrift> out = new ArrayList<>();
    Map<String, List<Planned>> byHost = new LinkedHashMap<>();
    plan(spec, request(Type.PREPARE_HOSTS, List.of()), heketi, null, poolOfContainer, byHost, out);
    for (PoolSpec pool : spec.pools()) {
      plan(spec, request(Type.DEPLOY_POOL, List.of(pool.name())), heketi, pool.name(), poolOfContainer, byHost, out);
    }
    if (spec.heketi() != null) {
      plan(spec, request(Type.DEPLOY_HEKETI, List.of()), heketi, null, poolOfContainer, byHost, out);
      if (!stored) {
        byHost.values().forEach(steps -> steps.removeIf(p -> SECRET_KINDS.contains(kind(p.step().name()))));
        out.add(new StepDrift(Type.DEPLOY_HEKETI.wire(), null, spec.heketi().host(), null, "heketi-config",
            expected("heketi-config"), "Heketi's secrets are not stored yet (deploy-heketi never ran): Heketi's"
            + " configuration and the keys in the containers were not checked", List.of(), null,
            "POST /api/v1/jobs {\"type\":\"deploy-heketi\"}"));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(byHost.size(),
        properties.hostParallelism())));
    try {
      List<CompletableFuture<List<StepDrift>>> hosts = new ArrayList<>();
      byHost.forEach((host, steps) -> hosts.add(CompletableFuture.supplyAsync(
          () -> checkHost(spec, host, steps, masked), pool)));
      hosts.forEach(host -> out.addAll(host.join()));
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static JobRequest request(Type type, List<String> pools) {
    return new JobRequest(type, pools, List.of(), false, true, false, false, false, List.of(), null, null, null, null);
  }

  private void plan(PlatformSpec spec, JobRequest request, HeketiSecrets heketi, String pool,
      Map<String, String> poolOfContainer, Map<String, List<Planned>> byHost, List<StepDrift> out) {
    String job = request.type().wire();
    try {
      for (Step step : Planner.steps(spec, request, heketi, properties, backups)) {
        String owner = pool != null ? pool : step.name().startsWith(KEY_STEP)
            ? poolOfContainer.get(step.name().substring(KEY_STEP.length())) : null;
        byHost.computeIfAbsent(step.host(), h -> new ArrayList<>()).add(new Planned(job, owner, step));
      }
    } catch (ErrorResponseException refused) {
      out.add(new StepDrift(job, pool, null, null, "job", "the job can be planned", null, List.of(),
          refused.getBody().getDetail(), "correct the inventory"));
    }
  }

  /** One host's steps in order on one session; whatever goes wrong on the way is a finding of the host. */
  private List<StepDrift> checkHost(PlatformSpec spec, String name, List<Planned> steps, Set<String> masked) {
    try {
      return checkSteps(spec, name, steps, masked);
    } catch (RuntimeException e) {
      return List.of(unreachable(name, JobErrors.message(e)));
    }
  }

  private List<StepDrift> checkSteps(PlatformSpec spec, String name, List<Planned> steps, Set<String> masked) {
    var host = InventoryEdits.host(spec, name);
    if (!secrets.tandemKeyStored()) {
      return List.of(unreachable(name, "Tandem has no SSH key yet: any job makes it; put its public key"
          + " (GET /api/v1/provisioning/ssh-key) in the host's authorized_keys"));
    }
    List<String> missing = executors.missing(host);
    if (!missing.isEmpty()) {
      return List.of(unreachable(name, String.join("; ", missing)));
    }
    if (hostKeys.hostKey(name).isEmpty()) {
      return List.of(new StepDrift(null, null, name, null, "host", "reachable over SSH with a pinned host key",
          "no pinned SSH host key yet: not connected to, as a report trusts no key on its own", List.of(), null,
          "run a job on it once (e.g. POST /api/v1/jobs {\"type\":\"prepare-hosts\"}): a job pins the host key it"
              + " meets first"));
    }
    List<StepDrift> out = new ArrayList<>();
    try (HostSession session = executors.open(host)) {
      CheckOnlyRemoteShell shell = new CheckOnlyRemoteShell(session.shell());
      CheckOnlyContainerEngine engine = new CheckOnlyContainerEngine(name, session.engine());
      for (Planned planned : steps) {
        StepContext ctx = new StepContext(session.target(), shell, engine,
            Planner.root(properties.rootPrefix(), name), masked, entry -> { },
            () -> new StepContext.PlatformResult(false, "a drift report does not reconcile"),
            (h, json) -> "a drift report records nothing");
        engine.takeFound();
        String error = null;
        Step.Outcome outcome = Step.Outcome.UNCHANGED;
        try {
          outcome = planned.step().body().run(ctx);
        } catch (StepFailed e) {
          error = e.getMessage();
        }
        List<String> wouldRun = ctx.entries().stream()
            .filter(e -> Set.of("command", "file", "docker").contains(e.kind())).map(StepContext.Entry::text).toList();
        if (outcome == Step.Outcome.CHANGED || error != null || !wouldRun.isEmpty()) {
          out.add(drift(planned, name, ctx, engine.takeFound(), capped(wouldRun), error));
        }
      }
    } catch (ExecException e) {
      out.add(unreachable(name, e.getMessage()));
    } catch (RuntimeException e) {
      out.add(unreachable(name, "its check stopped: " + JobErrors.message(e)));
    }
    return out;
  }

  private static StepDrift drift(Planned planned, String host, StepContext ctx, List<String> engineFound,
      List<String> wouldRun, String error) {
    List<String> found = new ArrayList<>(engineFound);
    ctx.entries().stream().filter(e -> e.kind().equals("check") && e.exitCode() != null && e.exitCode() != 0)
        .forEach(e -> found.add("'" + e.text() + "' exited " + e.exitCode()));
    String kind = kind(planned.step().name());
    boolean replace = wouldRun.stream().anyMatch(c -> c.startsWith("docker rm "));
    String repair = "POST /api/v1/jobs {\"type\":\"" + planned.job() + "\""
        + (planned.job().equals("deploy-pool") ? ",\"pools\":[\"" + planned.pool() + "\"]" : "")
        + (replace ? ",\"replaceDrifted\":true" : "") + "}";
    return new StepDrift(planned.job(), planned.pool(), host, planned.step().name(), kind, expected(kind),
        String.join("; ", found), wouldRun, error, repair);
  }

  /** The first {@value #WOULD_RUN_SHOWN} of what a step would run, then how many more: a report stays small. */
  static List<String> capped(List<String> wouldRun) {
    if (wouldRun.size() <= WOULD_RUN_SHOWN) {
      return wouldRun;
    }
    List<String> shown = new ArrayList<>(wouldRun.subList(0, WOULD_RUN_SHOWN));
    shown.add("… " + (wouldRun.size() - WOULD_RUN_SHOWN) + " more");
    return shown;
  }

  private static StepDrift unreachable(String host, String why) {
    return new StepDrift(null, null, host, null, "host", "reachable over SSH and Docker", "unreachable: " + why,
        List.of(), null, "make the host reachable (its address, sshd, Tandem's key, its Docker engine), then ask again");
  }

  /** What a step makes, from its name (the names {@link StepLibrary} gives). */
  static String kind(String step) {
    if (step.startsWith("vlan ") || step.equals("8021q module")) {
      return "interface";
    }
    for (String[] prefix : new String[][] {{"macvlan shim ", "shim"}, {"firewall port ", "firewall"},
        {"directories of ", "directory"}, {"docker network ", "network"}, {"image ", "image"},
        {"container ", "container"}, {"systemd unit ", "unit"}, {KEY_STEP, "key"},
        {"heketi configuration", "heketi-config"}}) {
      if (step.startsWith(prefix[0])) {
        return prefix[1];
      }
    }
    return "step";
  }

  private static String expected(String kind) {
    return switch (kind) {
      case "interface" -> "the VLAN interface up, with its persistent configuration";
      case "shim" -> "the macvlan shim up, with its systemd unit enabled";
      case "firewall" -> "the port open in firewalld";
      case "directory" -> "the pool's host directories and its fstab file";
      case "network" -> "the macvlan network, with the inventory's subnet and parent";
      case "image" -> "the image on the host";
      case "container" -> "the container running, made from the inventory's spec";
      case "key" -> "Heketi's public key in the container's authorized_keys";
      case "heketi-config" -> "Heketi's configuration and keys as deploy-heketi writes them";
      default -> "what the job leaves";
    };
  }
}

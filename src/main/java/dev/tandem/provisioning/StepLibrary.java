package dev.tandem.provisioning;

import dev.tandem.exec.Command;
import dev.tandem.exec.ContainerEngine;
import dev.tandem.exec.ContainerSpec;
import dev.tandem.exec.DockerJavaContainerEngine;
import dev.tandem.exec.ExecException;
import dev.tandem.inventory.HeketiSpec;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InterfaceKind;
import dev.tandem.inventory.InterfaceSpec;
import dev.tandem.inventory.MemberSpec;
import dev.tandem.inventory.PoolSpec;
import dev.tandem.inventory.PrivilegeMode;
import dev.tandem.provisioning.Step.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's steps, each check-then-act. Every command and file of the hand-made runbook (two
 * gluster pools on one platform: VLANs, macvlan networks, containers, Heketi) is here, or replaced by a documented better
 * equivalent: rc.local shims → a systemd unit per shim; "-v /run" → --tmpfs /run; ifcfg files kept for
 * VLANs; topology load → explicit reconcile; the heketi.json with authentication on.
 */
final class StepLibrary {

  static final String HEKETI_CONTAINER = "gluster-heketi";

  // ---- prepare-hosts ----

  static Step vlanModule(HostSpec host) {
    return new Step(host.name(), "8021q module", ctx -> {
      boolean changed = ctx.ensureFile("/etc/modules-load.d/8021q.conf", "8021q\n", "0644");
      if (!ctx.check(Command.of("grep", "-qw", "^8021q", "/proc/modules")).ok()) {
        ctx.act(Command.of("modprobe", "8021q"));
        changed = true;
      }
      return outcome(changed);
    });
  }

  static Step vlan(HostSpec host, InterfaceSpec vlan) {
    return new Step(host.name(), "vlan " + vlan.name(), ctx -> {
      StringBuilder ifcfg = new StringBuilder("# Managed by Tandem\nDEVICE=" + vlan.name() + "\nBOOTPROTO=none\n"
          + "ONBOOT=yes\nVLAN=yes\nPHYSDEV=" + vlan.parent() + "\n");
      if (vlan.address() != null) {
        String[] address = vlan.address().split("/");
        ifcfg.append("IPADDR=").append(address[0]).append("\nPREFIX=").append(address[1]).append('\n');
      }
      boolean changed = ctx.ensureFile("/etc/sysconfig/network-scripts/ifcfg-" + vlan.name(), ifcfg.toString(), "0644");
      if (!ctx.check(Command.of("ip", "-o", "link", "show", "dev", vlan.name())).ok()) {
        ctx.act(Command.of("ip", "link", "add", "link", vlan.parent(), "name", vlan.name(), "type", "vlan", "id",
            Integer.toString(vlan.vlanId())));
        if (vlan.address() != null) {
          ctx.act(Command.of("ip", "addr", "add", vlan.address(), "dev", vlan.name()));
        }
        ctx.act(Command.of("ip", "link", "set", "dev", vlan.name(), "up"));
        changed = true;
      }
      return outcome(changed);
    });
  }

  /** The runbook's rc.local lines, as a systemd unit that survives reboots, plus the runtime interface. */
  static Step shim(HostSpec host, InterfaceSpec shim) {
    return new Step(host.name(), "macvlan shim " + shim.name(), ctx -> {
      String unit = "tandem-shim-" + shim.name() + ".service";
      String content = "# Managed by Tandem: lets this host reach its own containers on " + shim.parent() + "\n"
          + "[Unit]\nDescription=Tandem macvlan shim " + shim.name() + " on " + shim.parent() + "\n"
          + "After=network-online.target\nWants=network-online.target\n\n[Service]\nType=oneshot\n"
          + "RemainAfterExit=yes\n"
          + "ExecStart=-/usr/sbin/ip link add " + shim.name() + " link " + shim.parent() + " type macvlan mode bridge\n"
          + "ExecStart=-/usr/sbin/ip addr add " + shim.address() + " dev " + shim.name() + "\n"
          + "ExecStart=/usr/sbin/ip link set dev " + shim.name() + " up\n"
          + "ExecStop=/usr/sbin/ip link del " + shim.name() + "\n\n[Install]\nWantedBy=multi-user.target\n";
      boolean changed = installUnit(ctx, unit, content);
      if (!ctx.check(Command.of("ip", "-o", "link", "show", "dev", shim.name())).ok()) {
        ctx.act(Command.of("ip", "link", "add", shim.name(), "link", shim.parent(), "type", "macvlan", "mode", "bridge"));
        ctx.act(Command.of("ip", "addr", "add", shim.address(), "dev", shim.name()));
        ctx.act(Command.of("ip", "link", "set", "dev", shim.name(), "up"));
        changed = true;
      }
      return outcome(changed);
    });
  }

  /** The runbook's firewall-cmd lines, when firewalld runs (exit 0: open; 127 or 252: no firewalld running). */
  static Step firewall(HostSpec host, int port) {
    return new Step(host.name(), "firewall port " + port, ctx -> {
      String portSpec = port + "/tcp";
      var query = ctx.check(Command.of("firewall-cmd", "--query-port", portSpec));
      if (query.ok()) {
        return Outcome.UNCHANGED;
      }
      if (query.exitCode() == 127 || query.exitCode() == 252) {
        ctx.note("firewalld is not running on " + host.name() + ": no port to open");
        return Outcome.UNCHANGED;
      }
      ctx.act(Command.of("firewall-cmd", "--add-port", portSpec));
      ctx.act(Command.of("firewall-cmd", "--add-port", portSpec, "--permanent"));
      return Outcome.CHANGED;
    });
  }

  // ---- deploy-pool ----

  static Step poolDirectories(PoolSpec pool, MemberSpec member) {
    return new Step(member.host(), "directories of " + pool.name(), ctx -> {
      boolean changed = ctx.ensureDirectories("0755", "/etc/glusterfs-" + pool.name(), "/var/lib/glusterd-" + pool.name(),
          "/var/log/glusterfs-" + pool.name(), "/var/lib/heketi-" + pool.name(), "/home/" + member.container() + "-root");
      changed |= ctx.ensureDirectories("0700", "/home/" + member.container() + "-root/.ssh");
      String fstab = "/var/lib/heketi-" + pool.name() + "/fstab";
      if (!ctx.check(Command.of("test", "-f", ctx.path(fstab))).ok()) {
        // the gluster container mounts what this file lists at start, and fails without it
        ctx.act(Command.of("touch", ctx.path(fstab)));
        changed = true;
      }
      return outcome(changed);
    });
  }

  static Step poolNetwork(PoolSpec pool, MemberSpec member) {
    return new Step(member.host(), "docker network " + pool.dockerNetwork(), ctx -> {
      String parent = member.hostInterface() != null ? member.hostInterface() : pool.hostInterface();
      ContainerEngine.MacvlanNetwork wanted =
          new ContainerEngine.MacvlanNetwork(pool.dockerNetwork(), pool.subnet(), parent, pool.gateway());
      Optional<ContainerEngine.MacvlanNetwork> present = ctx.engine().network(pool.dockerNetwork());
      if (present.isEmpty()) {
        try {
          ctx.createNetwork(wanted);
          return Outcome.CHANGED;
        } catch (ExecException e) {
          // another host sharing this engine may be making it right now: judge what is there once it is
          for (int attempt = 0; attempt < 20 && present.isEmpty(); attempt++) {
            sleep(100);
            present = ctx.engine().network(pool.dockerNetwork());
          }
          if (present.isEmpty()) {
            throw e;
          }
        }
      }
      if (!pool.subnet().equals(present.get().subnet()) || !parent.equals(present.get().parent())) {
        throw new StepFailed(member.host() + ": docker network " + pool.dockerNetwork() + " exists with subnet "
            + present.get().subnet() + " on " + present.get().parent() + ", but the inventory says " + pool.subnet()
            + " on " + parent + ": remove the network or correct the inventory");
      }
      return Outcome.UNCHANGED;
    });
  }

  static Step image(String host, String image) {
    return new Step(host, "image " + image, ctx -> {
      if (ctx.engine().imagePresent(image)) {
        return Outcome.UNCHANGED;
      }
      try {
        ctx.pull(image);
      } catch (ExecException e) {
        throw new StepFailed(host + ": image " + image + " is not on the host and cannot be pulled (" + e.getMessage()
            + "): load it (docker load) or make its registry reachable, then retry the job");
      }
      return Outcome.CHANGED;
    });
  }

  static ContainerSpec glusterSpec(PoolSpec pool, MemberSpec member, String root) {
    String c = member.container();
    String p = pool.name();
    boolean privileged = pool.privilegeMode() == PrivilegeMode.PRIVILEGED;
    return new ContainerSpec(c, pool.image(), pool.dockerNetwork(), member.ip(), List.of(
            new ContainerSpec.Bind(root + "/home/" + c + "-root", "/root", "z"),
            new ContainerSpec.Bind(root + "/etc/glusterfs-" + p, "/etc/glusterfs", "z"),
            new ContainerSpec.Bind(root + "/var/lib/glusterd-" + p, "/var/lib/glusterd", "z"),
            new ContainerSpec.Bind(root + "/var/log/glusterfs-" + p, "/var/log/glusterfs", "z"),
            new ContainerSpec.Bind(root + "/var/lib/heketi-" + p, "/var/lib/heketi", "z"),
            new ContainerSpec.Bind("/sys/fs/cgroup", "/sys/fs/cgroup", "ro"),
            new ContainerSpec.Bind("/dev", "/dev", null)),
        List.of("/run"), privileged,
        privileged ? List.of() : List.of("ALL"), privileged ? List.of() : List.of("SYS_RESOURCE"),
        privileged ? List.of() : List.of("seccomp=unconfined", "apparmor=unconfined"),
        privileged ? List.of() : List.of("a *:* rwm"), "unless-stopped",
        Map.of("dev.tandem.pool", p, "dev.tandem.role", "gluster"));
  }

  static Step container(String host, ContainerSpec spec, boolean replaceDrifted) {
    return new Step(host, "container " + spec.name(), ctx -> {
      var state = ctx.engine().container(spec.name());
      if (state.isEmpty()) {
        ctx.runContainer(spec);
        return Outcome.CHANGED;
      }
      if (!DockerJavaContainerEngine.hash(spec).equals(state.get().specHash())) {
        if (!replaceDrifted) {
          throw new StepFailed(host + ": container " + spec.name() + " exists but was not made from the inventory's"
              + " spec (drift); repeat the job with replaceDrifted=true to replace it");
        }
        ctx.removeContainer(spec.name());
        ctx.runContainer(spec);
        return Outcome.CHANGED;
      }
      if (!state.get().running()) {
        ctx.startContainer(spec.name());
        return Outcome.CHANGED;
      }
      return Outcome.UNCHANGED;
    });
  }

  /** The runbook's unit: docker run without -d, SuccessExitStatus=0 137. */
  static Step unit(String host, ContainerSpec spec, String description) {
    return new Step(host, "systemd unit for " + spec.name(), ctx -> {
      String unit = "docker-container-" + spec.name() + ".service";
      // the same container Tandem runs, its spec label included, so a reboot through this unit is no drift
      String run = spec.toDockerRun().replace("docker run -d ", "/usr/bin/docker run --label "
          + DockerJavaContainerEngine.SPEC_LABEL + "=" + DockerJavaContainerEngine.hash(spec) + " ");
      String content = "# Managed by Tandem\n[Unit]\nDescription=" + description + "\nRequires=docker.service\n"
          + "After=docker.service\n\n[Service]\nTimeoutStartSec=60\nRestart=on-abnormal\nSuccessExitStatus=0 137\n"
          + "ExecStartPre=-/usr/bin/docker stop " + spec.name() + "\nExecStartPre=-/usr/bin/docker rm " + spec.name()
          + "\nExecStart=" + run + "\nExecStop=/usr/bin/docker stop " + spec.name()
          + "\n\n[Install]\nWantedBy=multi-user.target\n";
      return outcome(installUnit(ctx, unit, content));
    });
  }

  // ---- deploy-heketi ----

  static Step authorizedKey(PoolSpec pool, MemberSpec member, String publicKey) {
    return new Step(member.host(), "heketi key for " + member.container(), ctx -> {
      String file = ctx.path("/home/" + member.container() + "-root/.ssh/authorized_keys");
      if (ctx.check(Command.of("grep", "-qxF", publicKey, file)).ok()) {
        return Outcome.UNCHANGED;
      }
      ctx.act(Command.of("tee", "-a", file).withStdin(publicKey + "\n"));
      ctx.act(Command.of("chmod", "600", file));
      return Outcome.CHANGED;
    });
  }

  static Step heketiConfig(HostSpec host, HeketiSpec heketi, int sshPort, HeketiSecrets secrets) {
    return new Step(host.name(), "heketi configuration", ctx -> {
      boolean changed = ctx.ensureDirectories("0700", "/etc/heketi");
      changed |= ctx.ensureDirectories("0755", "/var/lib/heketi");
      changed |= ctx.ensureFile("/etc/heketi/heketi_key", secrets.sshPrivateKey(), "0600");
      changed |= ctx.ensureFile("/etc/heketi/heketi_key.pub", secrets.sshPublicKey() + "\n", "0644");
      changed |= ctx.ensureFile("/etc/heketi/heketi.json", heketiJson(heketi, sshPort, secrets), "0600");
      return outcome(changed);
    });
  }

  /** The runbook's heketi.json, with authentication on and generated keys. */
  static String heketiJson(HeketiSpec heketi, int sshPort, HeketiSecrets secrets) {
    return "{\n"
        + "  \"port\": \"" + heketi.port() + "\",\n"
        + "  \"use_auth\": true,\n"
        + "  \"jwt\": {\n"
        + "    \"admin\": { \"key\": \"" + secrets.adminKey() + "\" },\n"
        + "    \"user\": { \"key\": \"" + secrets.userKey() + "\" }\n"
        + "  },\n"
        + "  \"glusterfs\": {\n"
        + "    \"executor\": \"ssh\",\n"
        + "    \"sshexec\": {\n"
        + "      \"keyfile\": \"/etc/heketi/heketi_key\",\n"
        + "      \"user\": \"root\",\n"
        + "      \"port\": \"" + sshPort + "\",\n"
        + "      \"fstab\": \"/var/lib/heketi/fstab\"\n"
        + "    },\n"
        + "    \"db\": \"/var/lib/heketi/heketi.db\",\n"
        + "    \"loglevel\": \"info\"\n"
        + "  }\n"
        + "}\n";
  }

  static ContainerSpec heketiSpec(HeketiSpec heketi, String root) {
    return new ContainerSpec(HEKETI_CONTAINER, heketi.image(), "host", null, List.of(
            new ContainerSpec.Bind(root + "/etc/heketi", "/etc/heketi", "z"),
            new ContainerSpec.Bind(root + "/var/lib/heketi", "/var/lib/heketi", "z")),
        List.of(), false, List.of(), List.of(), List.of(), List.of(), "unless-stopped",
        Map.of("dev.tandem.role", "heketi"));
  }

  static Step heketiEndpoint(HostSpec host, HeketiSpec heketi) {
    return new Step(host.name(), "heketi endpoint",
        ctx -> outcome(ctx.useHeketi(java.net.URI.create("http://" + host.address() + ":" + heketi.port()))));
  }

  // ---- platform ----

  static Step reconcile() {
    return new Step(null, "reconcile Heketi", ctx -> outcome(ctx.reconcileHeketi()));
  }

  static boolean isVlan(InterfaceSpec i) {
    return i.kind() == InterfaceKind.VLAN;
  }

  static boolean isShim(InterfaceSpec i) {
    return i.kind() == InterfaceKind.MACVLAN_SHIM;
  }

  /** A systemd unit file with this content, loaded and enabled; true when anything had to change. */
  private static boolean installUnit(StepContext ctx, String unit, String content) {
    boolean changed = ctx.ensureFile("/etc/systemd/system/" + unit, content, "0644");
    if (changed) {
      ctx.act(Command.of("systemctl", "daemon-reload"));
    }
    if (!ctx.check(Command.of("systemctl", "is-enabled", "--quiet", unit)).ok()) {
      ctx.act(Command.of("systemctl", "enable", unit));
      changed = true;
    }
    return changed;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed("interrupted");
    }
  }

  private static Outcome outcome(boolean changed) {
    return changed ? Outcome.CHANGED : Outcome.UNCHANGED;
  }

  private StepLibrary() {}
}

package dev.tandem.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.exec.Command;
import dev.tandem.exec.CommandResult;
import dev.tandem.exec.ContainerEngine;
import dev.tandem.exec.ContainerSpec;
import dev.tandem.exec.DockerCommands;
import dev.tandem.exec.DockerJavaContainerEngine;
import dev.tandem.exec.RemoteShell;
import dev.tandem.exec.SshTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a step runs through: the host's shell and engine (real or recording), the path prefix, and a
 * record of everything it checked and did, in order, with exit codes and output (secrets masked).
 */
public final class StepContext {

  /** One thing a step did: a check, a command, a file written, a Docker call, or a platform action. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String kind, String text, String content, Integer exitCode, String output) {}

  private final SshTarget target;
  private final RemoteShell shell;
  private final ContainerEngine engine;
  private final String root;
  private final Set<String> secrets;
  private final List<Entry> entries = new ArrayList<>();
  private final Consumer<Entry> listener;
  private final Supplier<PlatformResult> reconcile;
  private final BiFunction<String, String, String> devices;
  private WipeGuard wipes = WipeGuard.RECORDING;
  private DeviceSwap deviceSwap = DeviceSwap.RECORDING;
  private Function<URI, PlatformResult> heketiSwitch =
      url -> new PlatformResult(false, "a dry run does not switch Tandem's Heketi");
  private DriftReports driftReports = () -> new DriftReports.Made("a dry run makes no drift report", false);
  private Supplier<String> heketiAnswers = () -> "a dry run does not wait";
  private ImageRecords poolImages = (pool, from, image) -> new PlatformResult(false, "a dry run changes no inventory");

  StepContext(SshTarget target, RemoteShell shell, ContainerEngine engine, String root, Set<String> secrets,
      Consumer<Entry> listener, Supplier<PlatformResult> reconcile, BiFunction<String, String, String> devices) {
    this.devices = devices;
    this.target = target;
    this.shell = shell;
    this.engine = engine;
    this.root = root;
    this.secrets = secrets;
    this.listener = listener;
    this.reconcile = reconcile;
  }

  /** A host path under the configured prefix. */
  public String path(String path) {
    return root + path;
  }

  public CommandResult check(Command command) {
    CommandResult result = shell.check(target, command);
    record(new Entry("check", mask(command.toShell()), null, result.exitCode(), null));
    return result;
  }

  public CommandResult act(Command command) {
    CommandResult result = shell.run(target, command);
    record(new Entry("command", mask(command.toShell()), command.stdin() == null ? null : mask(command.stdin()),
        result.exitCode(), output(result)));
    if (!result.ok()) {
      throw new StepFailed(target.host() + ": '" + mask(command.toShell()) + "' exited " + result.exitCode()
          + (result.stderr().isBlank() ? "" : ": " + mask(result.stderr().strip())));
    }
    return result;
  }

  /** Makes a file hold exactly {@code content} (and mode); true when it had to be written. */
  public boolean ensureFile(String path, String content, String mode) {
    CommandResult current = check(Command.of("cat", path(path)));
    if (current.ok() && current.stdout().equals(content)) {
      return false;
    }
    CommandResult written = shell.writeFile(target, path(path), content, mode);
    record(new Entry("file", Command.of("install", "-D", "-m", mode, "/dev/stdin", path(path)).toShell(), mask(content),
        written.exitCode(), output(written)));
    if (!written.ok()) {
      throw new StepFailed(target.host() + ": cannot write " + path(path) + ": " + written.stderr().strip());
    }
    return true;
  }

  /**
   * Writes {@code content} (binary) to a host path: sent base64-encoded to {@code base64 -d} into a
   * file beside it (mode 0600), checked against {@code sha256} (hex), then renamed over it, so the path
   * holds the old file or the whole new one; a file that does not check out is removed. The record shows {@code what} instead of the content.
   */
  public void writeBinary(String path, byte[] content, String sha256, String what) {
    Command write = Command.of("sh", "-c", "umask 077 && base64 -d > \"$1.tandem-new\""
        + " && printf '%s  %s\\n' \"$2\" \"$1.tandem-new\" | sha256sum -c --status && mv \"$1.tandem-new\" \"$1\""
        + " || { rm -f \"$1.tandem-new\"; exit 1; }", "sh", path(path), sha256)
        .withStdin(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(content) + "\n");
    CommandResult result = shell.run(target, write);
    record(new Entry("command", mask(write.toShell()), "<" + what + ", " + content.length + " bytes, base64>",
        result.exitCode(), output(result)));
    if (!result.ok()) {
      throw new StepFailed(target.host() + ": cannot write " + path(path) + " (or it did not check out as sha256 "
          + sha256 + "): " + mask(result.stderr().strip()));
    }
  }

  /** Makes directories exist; true when any had to be made. */
  public boolean ensureDirectories(String mode, String... paths) {
    boolean changed = false;
    for (String p : paths) {
      if (!check(Command.of("test", "-d", path(p))).ok()) {
        act(Command.of("mkdir", "-p", "-m", mode, path(p)));
        changed = true;
      }
    }
    return changed;
  }

  public ContainerEngine engine() {
    return engine;
  }

  public void createNetwork(ContainerEngine.MacvlanNetwork network) {
    record(new Entry("docker", DockerCommands.createNetwork(network), null, null, null));
    engine.createNetwork(network);
  }

  public void runContainer(ContainerSpec spec) {
    record(new Entry("docker", spec.toDockerRun() + "   # label " + DockerJavaContainerEngine.SPEC_LABEL + "="
        + DockerJavaContainerEngine.hash(spec), null, null, null));
    engine.run(spec);
  }

  public void pull(String image) {
    record(new Entry("docker", DockerCommands.pull(image), null, null, null));
    engine.pull(image);
  }

  public void removeContainer(String name) {
    record(new Entry("docker", DockerCommands.remove(name), null, null, null));
    engine.remove(name);
  }

  public void removeNetwork(String name) {
    record(new Entry("docker", DockerCommands.removeNetwork(name), null, null, null));
    engine.removeNetwork(name);
  }

  StepContext withWipeGuard(WipeGuard wipes) {
    this.wipes = wipes;
    return this;
  }

  StepContext withDeviceSwap(DeviceSwap deviceSwap) {
    this.deviceSwap = deviceSwap;
    return this;
  }

  /** What replace-device and remove-device do to the inventory and Heketi (a dry run's records only). */
  DeviceSwap deviceSwap() {
    return deviceSwap;
  }

  StepContext withHeketiSwitch(Function<URI, PlatformResult> heketiSwitch) {
    this.heketiSwitch = heketiSwitch;
    return this;
  }

  StepContext withDriftReports(DriftReports driftReports) {
    this.driftReports = driftReports;
    return this;
  }

  StepContext withHeketiAnswers(Supplier<String> heketiAnswers) {
    this.heketiAnswers = heketiAnswers;
    return this;
  }

  /**
   * Waits until the Heketi Tandem uses answers (at most {@code tandem.provisioning.heketi-start-timeout};
   * a dry run does not wait), recording the wait; a {@link StepFailed} saying so when it never answers.
   */
  public void awaitHeketi() {
    String text = "wait until Heketi answers GET /hello";
    try {
      record(new Entry("platform", text, null, null, heketiAnswers.get()));
    } catch (StepFailed e) {
      record(new Entry("platform", text, null, null, e.getMessage()));
      throw e;
    }
  }

  /** Makes and stores a drift report (a dry run only says it would), recording what it found. */
  public DriftReports.Made driftReport() {
    DriftReports.Made made = driftReports.report();
    record(new Entry("platform", "make a drift report (POST /api/v1/drift)", null, null, made.line()));
    return made;
  }

  /** Records a pool's image in the inventory, if it still says the one a job was planned from. */
  interface ImageRecords {
    PlatformResult record(String pool, String from, String image);
  }

  StepContext withPoolImages(ImageRecords poolImages) {
    this.poolImages = poolImages;
    return this;
  }

  /**
   * Records {@code image} as the pool's image in the inventory, if it still says {@code from} (a
   * {@link StepFailed} saying so when it says another); true when it said another.
   */
  public boolean recordPoolImage(String pool, String from, String image) {
    PlatformResult result = poolImages.record(pool, from, image);
    record(new Entry("platform", "record " + image + " as the image of pool " + pool + " in the inventory", null, null,
        result.message()));
    return result.changed();
  }

  /** Points Tandem at a Heketi it deployed, once that answers; true when Tandem's settings changed. */
  public boolean useHeketi(URI url) {
    PlatformResult result = heketiSwitch.apply(url);
    record(new Entry("platform", "point Tandem's Heketi client at " + url + " with the generated admin key", null,
        null, result.message()));
    return result.changed();
  }

  /**
   * Wipes a device through the {@link WipeGuard}: {@code identify} runs as a check, {@code wipe} as an
   * action, only if the guard allows; the inventory then records the device as free and empty.
   * Answers what {@code wipe} printed.
   */
  public String wipeDevice(String device, Command identify, Command wipe) {
    String[] printed = {""};
    String result = wipes.wipe(target.host(), device, () -> check(identify), () -> {
      printed[0] = act(wipe).stdout();
      return printed[0];
    });
    record(new Entry("platform", "record " + device + " as wiped (free, no signature) in the inventory", null, null,
        result));
    return printed[0];
  }

  /** Hands lsblk's answer to the inventory; true when it learnt something new. */
  public boolean recordDevices(String lsblkJson) {
    String result = devices.apply(target.host(), lsblkJson);
    record(new Entry("platform", "record discovered devices in the inventory", null, null, result));
    return result != null && !result.startsWith("no change");
  }

  /**
   * Runs a command inside a container through the host's engine, recorded as the {@code docker exec} a
   * person would type, with its exit code and output. A container that is gone or stopped is an
   * {@link dev.tandem.exec.ExecException}.
   */
  public CommandResult exec(String container, Command command) {
    CommandResult result = engine.exec(container, command);
    record(new Entry("docker", mask(DockerCommands.exec(container, command)), null, result.exitCode(),
        output(result)));
    return result;
  }

  public void startContainer(String name) {
    record(new Entry("docker", DockerCommands.start(name), null, null, null));
    engine.start(name);
  }

  /** A call a step made to Heketi (in a plan: would make), and what came of it. */
  public void heketi(String call, String answer) {
    record(new Entry("heketi", mask(call), null, null, answer == null ? null : mask(answer)));
  }

  /** A change a step made to the inventory (in a plan: would make), and what came of it. */
  public void platform(String change, String result) {
    record(new Entry("platform", mask(change), null, null, result == null ? null : mask(result)));
  }

  public void note(String text) {
    record(new Entry("note", mask(text), null, null, null));
  }

  /** What a platform-wide action did. */
  public record PlatformResult(boolean changed, String message) {}

  /** Makes Heketi match the inventory (a dry run only says it would); true when Heketi was changed. */
  public boolean reconcileHeketi() {
    PlatformResult result = reconcile.get();
    record(new Entry("platform", "reconcile Heketi with the inventory (POST /api/v1/reconcile)", null, null,
        result.message()));
    return result.changed();
  }

  public String host() {
    return target == null ? null : target.host();
  }

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  private void record(Entry entry) {
    entries.add(entry);
    listener.accept(entry);
  }

  private String output(CommandResult result) {
    String text = (result.stdout() + result.stderr()).strip();
    if (text.isEmpty()) {
      return null;
    }
    return mask(text.length() > 4000 ? text.substring(0, 4000) + "…" : text);
  }

  private String mask(String text) {
    String out = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 8) {
        out = out.replace(secret, "<secret>");
      }
    }
    return out;
  }
}

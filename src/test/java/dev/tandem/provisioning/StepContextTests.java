package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.exec.Command;
import dev.tandem.exec.CommandResult;
import dev.tandem.exec.RemoteShell;
import dev.tandem.exec.SshTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a step's commands do when a real shell runs them (here: this machine's sh and coreutils). */
class StepContextTests {

  @TempDir Path dir;

  /** Runs a command's argv here, as a host's sshd would, with its stdin. */
  static final class LocalShell implements RemoteShell {
    @Override
    public CommandResult run(SshTarget target, Command command) {
      try {
        Process process = new ProcessBuilder(command.argv()).start();
        if (command.stdin() != null) {
          process.getOutputStream().write(command.stdin().getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CommandResult(process.waitFor(), out, err);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  StepContext context() {
    return new StepContext(new SshTarget("node1", "127.0.0.1", 22, "root"), new LocalShell(), null, "", Set.of(),
        entry -> { }, () -> null, (host, device) -> null);
  }

  @Test
  void aBinaryFileOfManyBase64LinesIsWrittenWholeAndChecked() throws Exception {
    byte[] content = new byte[77_824];   // the size of Heketi's recorded heketi.db
    new Random(7).nextBytes(content);
    Path file = dir.resolve("heketi.db");
    Files.writeString(file, "the old database");

    context().writeBinary(file.toString(), content, sha256(content), "a backup");

    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void aFileThatDoesNotCheckOutLeavesTheOldOneInPlace() throws Exception {
    byte[] content = "not what the checksum says".getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("heketi.db");
    Files.writeString(file, "the old database");

    assertThatThrownBy(() -> context().writeBinary(file.toString(), content, sha256(new byte[] {1}), "a backup"))
        .isInstanceOf(StepFailed.class);

    assertThat(Files.readString(file)).isEqualTo("the old database");
    assertThat(dir.resolve("heketi.db.tandem-new")).doesNotExist();
  }

  private static String sha256(byte[] content) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}

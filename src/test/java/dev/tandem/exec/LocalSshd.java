package dev.tandem.exec;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A real OpenSSH sshd on a loopback port, key-only, for the current user, in a temporary directory.
 * The key pair Tandem logs in with is generated here (ed25519).
 */
public final class LocalSshd implements AutoCloseable {

  final Path dir;
  final int port;
  final byte[] privateKey;
  final String user = System.getProperty("user.name");
  private final Process process;

  public LocalSshd() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("tandem-sshd");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path hostKey = dir.resolve("host_ed25519");
    keygen(hostKey);
    Path clientKey = dir.resolve("client_ed25519");
    keygen(clientKey);
    privateKey = Files.readAllBytes(clientKey);
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(dir.resolve("client_ed25519.pub"), authorized);
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(config, String.join("\n", "Port " + port, "ListenAddress 127.0.0.1",
        "HostKey " + hostKey, "AuthorizedKeysFile " + authorized, "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "PermitRootLogin prohibit-password",
        "StrictModes no", "UsePAM no", "PidFile " + dir.resolve("sshd.pid"), "") );
    Files.createDirectories(Path.of("/run/sshd"));
    process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
  }

  public SshTarget target(String host) {
    return new SshTarget(host, "127.0.0.1", port, user);
  }

  private static void keygen(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", file.toString()))
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("ssh-keygen failed");
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}

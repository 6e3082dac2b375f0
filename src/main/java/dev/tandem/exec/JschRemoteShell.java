package dev.tandem.exec;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSH through JSch: key authentication, one connection per host reused across commands, the host
 * key recorded on first contact and enforced afterwards (a changed key fails with a clear message),
 * connect and command timeouts. Commands go out as {@link Command#toShell()}: every argument quoted.
 */
public class JschRemoteShell implements RemoteShell, AutoCloseable {

  private final JSch jsch = new JSch();
  private final HostKeys hostKeys;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public JschRemoteShell(byte[] privateKey, HostKeys hostKeys, Duration connectTimeout, Duration commandTimeout) {
    this.hostKeys = hostKeys;
    this.connectTimeout = connectTimeout;
    this.commandTimeout = commandTimeout;
    try {
      jsch.addIdentity("tandem", privateKey, null, null);
    } catch (JSchException e) {
      throw new IllegalArgumentException("Tandem's SSH private key cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public CommandResult run(SshTarget target, Command command) {
    Session session = session(target);
    ChannelExec channel = null;
    try {
      channel = (ChannelExec) session.openChannel("exec");
      channel.setCommand(command.toShell());
      channel.setInputStream(command.stdin() == null ? null
          : new ByteArrayInputStream(command.stdin().getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      channel.setOutputStream(out);
      channel.setErrStream(err);
      channel.connect((int) connectTimeout.toMillis());
      Instant deadline = Instant.now().plus(commandTimeout);
      while (!channel.isClosed()) {
        if (Instant.now().isAfter(deadline)) {
          throw new ExecException(target.host() + ": '" + command.toShell() + "' did not finish within "
              + commandTimeout);
        }
        Thread.sleep(10);
      }
      return new CommandResult(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (JSchException e) {
      sessions.remove(target.host());
      throw new ExecException(target.host() + ": SSH to " + target.address() + ":" + target.port() + " failed: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExecException(target.host() + ": interrupted", e);
    } finally {
      if (channel != null) {
        channel.disconnect();
      }
    }
  }

  private Session session(SshTarget target) {
    Session existing = sessions.get(target.host());
    if (existing != null && existing.isConnected()) {
      return existing;
    }
    try {
      Session session = jsch.getSession(target.user(), target.address(), target.port());
      session.setHostKeyRepository(new RecordingRepository(target.host()));
      // first contact records the key ("no" lets JSch call add); afterwards any other key is refused
      session.setConfig("StrictHostKeyChecking", hostKeys.known(target.host()).isPresent() ? "yes" : "no");
      session.setConfig("PreferredAuthentications", "publickey");
      session.setServerAliveInterval(15_000);
      session.setUserInfo(new QuietUserInfo());
      session.connect((int) connectTimeout.toMillis());
      sessions.put(target.host(), session);
      return session;
    } catch (JSchChangedHostKeyException e) {
      throw new ExecException(target.host() + ": the SSH host key of " + target.address() + " has CHANGED since"
          + " Tandem first recorded it; refusing to connect. If the host was reinstalled, forget the recorded key"
          + " (DELETE /api/v1/hosts/" + target.host() + "/host-key) and run the job again", e);
    } catch (JSchException e) {
      throw new ExecException(target.host() + ": cannot connect over SSH to " + target.address() + ":" + target.port()
          + " as " + target.user() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    sessions.values().forEach(Session::disconnect);
    sessions.clear();
  }

  /** Host keys by inventory host name: unknown → recorded; known and equal → OK; known and different → CHANGED. */
  private final class RecordingRepository implements HostKeyRepository {
    private final String host;

    RecordingRepository(String host) {
      this.host = host;
    }

    @Override
    public int check(String address, byte[] key) {
      String presented = encode(key);
      return hostKeys.known(host).map(k -> k.equals(presented) ? OK : CHANGED).orElse(NOT_INCLUDED);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
      hostKeys.record(host, hostkey.getType() + " " + hostkey.getKey());
    }

    private String encode(byte[] key) {
      try {
        HostKey parsed = new HostKey(host, key);
        return parsed.getType() + " " + parsed.getKey();
      } catch (JSchException e) {
        return null;
      }
    }

    @Override
    public void remove(String address, String type) {}

    @Override
    public void remove(String address, String type, byte[] key) {}

    @Override
    public String getKnownHostsRepositoryID() {
      return "tandem-inventory";
    }

    @Override
    public HostKey[] getHostKey() {
      return new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String address, String type) {
      return new HostKey[0];
    }
  }

  private static final class QuietUserInfo implements UserInfo {
    public String getPassphrase() {
      return null;
    }

    public String getPassword() {
      return null;
    }

    public boolean promptPassword(String message) {
      return false;
    }

    public boolean promptPassphrase(String message) {
      return false;
    }

    public boolean promptYesNo(String message) {
      return false;
    }

    public void showMessage(String message) {}
  }
}

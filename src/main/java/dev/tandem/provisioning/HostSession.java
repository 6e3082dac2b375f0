package dev.tandem.provisioning;

import dev.tandem.exec.ContainerEngine;
import dev.tandem.exec.RemoteShell;
import dev.tandem.exec.SshTarget;

/**
 * What one host's steps run through during one job: the host's SSH target, a shell and an engine of
 * its own. Closing it closes only this host's connections.
 */
record HostSession(SshTarget target, RemoteShell shell, ContainerEngine engine) implements AutoCloseable {

  @Override
  public void close() {
    closeQuietly(shell);
    closeQuietly(engine);
  }

  private static void closeQuietly(Object resource) {
    if (resource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // a connection that cannot close cleanly is gone either way
      }
    }
  }
}

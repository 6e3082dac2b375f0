package dev.tandem.provisioning;

import dev.tandem.inventory.HostSpec;
import java.util.List;

/**
 * Where a job's host steps run: the one place that decides how a host is reached. {@link
 * SshDockerHostExecutors} reaches hosts over JSch and docker-java; tests swap in scripted ones.
 * Dry runs do not come here: they run over the recording executors.
 */
interface HostExecutors {

  /**
   * What a host lacks before any step may run on it (TLS certificates, SSH settings, Tandem's key),
   * each as a sentence naming the fix; empty when nothing is missing. Touches no host.
   */
  List<String> missing(HostSpec host);

  /** A session of the host's own: closing it affects no other host. */
  HostSession open(HostSpec host);
}

package dev.tandem.provisioning;

import dev.tandem.exec.DockerJavaContainerEngine;
import dev.tandem.exec.HostKeys;
import dev.tandem.exec.JschRemoteShell;
import dev.tandem.exec.SshTarget;
import dev.tandem.inventory.HostKeyStore;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Hosts reached over SSH (JSch, Tandem's key, host keys pinned in the inventory) and their Docker
 * engines over docker-java: a local socket, or {@code tcp://} with TLS certificates from
 * {@code tandem.provisioning.docker-tls-dir/<host>}.
 */
@Component
class SshDockerHostExecutors implements HostExecutors {

  private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

  private final PlatformSecrets secrets;
  private final HostKeyStore hostKeys;
  private final ProvisioningProperties properties;

  SshDockerHostExecutors(PlatformSecrets secrets, HostKeyStore hostKeys, ProvisioningProperties properties) {
    this.secrets = secrets;
    this.hostKeys = hostKeys;
    this.properties = properties;
  }

  @Override
  public List<String> missing(HostSpec host) {
    List<String> missing = new ArrayList<>();
    if (host.address() == null || !host.address().matches(Names.ADDRESS)) {
      missing.add("its SSH address '" + host.address() + "' is not a host name or IP address: correct the host");
    }
    if (host.sshPort() == null || host.sshPort() < 1 || host.sshPort() > 65535) {
      missing.add("its SSH port " + host.sshPort() + " is not 1-65535: correct the host");
    }
    if (host.sshUser() == null || !host.sshUser().matches(Names.USER)) {
      missing.add("its SSH user '" + host.sshUser() + "' " + Names.USER_HINT + ": correct the host");
    }
    try {
      secrets.tandemPrivateKey();
    } catch (RuntimeException e) {
      missing.add("Tandem's SSH key cannot be read (" + e.getMessage() + "): check the database and the master key"
          + " (or the older key file " + properties.sshKeyFile() + ")");
    }
    String endpoint = endpoint(host);
    if (endpoint.startsWith("tcp://")) {
      Path certs = tlsDirectory(host);
      if (certs == null) {
        missing.add("its Docker engine " + endpoint + " needs TLS: set tandem.provisioning.docker-tls-dir and put"
            + " ca.pem, cert.pem and key.pem in its directory " + host.name());
      } else {
        List<String> absent = TLS_FILES.stream().filter(f -> !Files.isReadable(certs.resolve(f))).toList();
        if (!absent.isEmpty()) {
          missing.add("its Docker engine " + endpoint + " needs TLS: " + String.join(", ", absent)
              + " missing or unreadable in " + certs);
        }
      }
    }
    return missing;
  }

  @Override
  public HostSession open(HostSpec host) {
    JschRemoteShell shell = new JschRemoteShell(secrets.tandemPrivateKey(), inventoryHostKeys(),
        properties.connectTimeout(), properties.commandTimeout());
    String endpoint = endpoint(host);
    Path tls = endpoint.startsWith("tcp://") ? tlsDirectory(host) : null;
    try {
      return new HostSession(new SshTarget(host.name(), host.address(), host.sshPort(), host.sshUser()), shell,
          new DockerJavaContainerEngine(endpoint, tls == null ? null : tls.toString(), properties.connectTimeout()));
    } catch (RuntimeException e) {
      shell.close();
      throw e;
    }
  }

  private String endpoint(HostSpec host) {
    return host.dockerEndpoint() != null ? host.dockerEndpoint() : properties.defaultDockerEndpoint();
  }

  private Path tlsDirectory(HostSpec host) {
    return properties.dockerTlsDir() == null ? null : properties.dockerTlsDir().resolve(host.name());
  }

  private HostKeys inventoryHostKeys() {
    return new HostKeys() {
      @Override
      public Optional<String> known(String host) {
        return hostKeys.hostKey(host);
      }

      @Override
      public void record(String host, String key) {
        hostKeys.recordHostKey(host, key);
      }
    };
  }
}

package dev.tandem.exec;

import java.util.Optional;

/** Where SSH host keys are remembered: recorded on first contact, enforced afterwards. */
public interface HostKeys {

  Optional<String> known(String host);

  void record(String host, String key);
}

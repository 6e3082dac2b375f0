package dev.tandem.exec;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Host keys kept in memory, for tests that log in over SSH without an inventory. */
public final class MemoryHostKeys implements HostKeys {

  private final Map<String, String> keys = new ConcurrentHashMap<>();

  @Override
  public Optional<String> known(String host) {
    return Optional.ofNullable(keys.get(host));
  }

  @Override
  public void record(String host, String key) {
    keys.put(host, key);
  }

  public String get(String host) {
    return keys.get(host);
  }
}

package dev.tandem.inventory;

import dev.tandem.inventory.persistence.InventoryStore;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The SSH host keys of hosts: recorded on first contact, then enforced by whoever connects. */
@Service
public class HostKeyStore {

  private final InventoryStore store;

  HostKeyStore(InventoryStore store) {
    this.store = store;
  }

  @Transactional(readOnly = true)
  public Optional<String> hostKey(String host) {
    return store.hostKey(host);
  }

  @Transactional
  public void recordHostKey(String host, String key) {
    store.lock();
    store.recordHostKey(host, key);
  }

  /**
   * Forgets a host's pinned key (after a reinstall): the next connection records the key it meets.
   *
   * @throws InventoryException.NotFound when there is no such host
   */
  @Transactional
  public void forgetHostKey(String host) {
    store.lock();
    if (!store.forgetHostKey(host)) {
      throw InventoryException.notFound("host", host);
    }
  }
}

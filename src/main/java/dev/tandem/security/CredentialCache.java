package dev.tandem.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tandem.security.ClientService.Credentials;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Clients' credentials (caller and decrypted secret) as authentication reads them, and the absence of
 * a name, each kept at most {@code ttl} after it was read: every request of a client would otherwise
 * read its row and decrypt its secret. A client created, rotated or revoked through this replica is
 * forgotten here when that transaction ends; another replica reads it again within {@code ttl}
 * ({@code tandem.coordination.cache-staleness}). At most {@value #MAX_NAMES} names are kept (client
 * names, of at most 63 characters: {@link ClientService} asks for no other), so a flood of made-up
 * names takes a bounded memory.
 */
final class CredentialCache {

  static final int MAX_NAMES = 10_000;

  private final Cache<String, Optional<Credentials>> cache;

  CredentialCache(Duration ttl, Ticker ticker) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_NAMES).ticker(ticker).build();
  }

  Optional<Credentials> get(String name, Function<String, Optional<Credentials>> read) {
    return cache.get(name, read);
  }

  /**
   * Forgets {@code name} now and again when the current transaction ends: a read between the two
   * (of the row as it was before the commit) is not kept.
   */
  void forget(String name) {
    forget(() -> cache.invalidate(name));
  }

  /** Forgets every client, now and when the current transaction ends (a pool deleted: scopes changed). */
  void forgetAll() {
    forget(cache::invalidateAll);
  }

  private static void forget(Runnable invalidate) {
    invalidate.run();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          invalidate.run();
        }
      });
    }
  }
}

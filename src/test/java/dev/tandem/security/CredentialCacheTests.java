package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tandem.security.ClientService.Credentials;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** What the cache keeps, for how long, and what forgetting a client does, on a clock the test moves. */
class CredentialCacheTests {

  static final Duration TTL = Duration.ofSeconds(3);

  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;
  final CredentialCache cache = new CredentialCache(TTL, ticker);
  /** The registry as the database holds it, and how often it was read. */
  final Map<String, String> rows = new HashMap<>();
  int reads;

  Optional<Credentials> read(String name) {
    reads++;
    return Optional.ofNullable(rows.get(name)).map(s -> new Credentials(new Caller(name, Role.VIEWER, Set.of()), s));
  }

  Optional<String> secret(String name) {
    return cache.get(name, this::read).map(Credentials::secret);
  }

  void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  @AfterEach
  void noTransaction() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.clearSynchronization();
    }
  }

  @Test
  void aClientIsReadOnceAndKeptUntilTheBoundThenReadAgain() {
    rows.put("ocp", "one");
    assertThat(secret("ocp")).contains("one");
    rows.put("ocp", "two");   // rotated through another replica

    advance(TTL.minusMillis(1));
    assertThat(secret("ocp")).contains("one");
    assertThat(reads).isEqualTo(1);

    advance(Duration.ofMillis(1));
    assertThat(secret("ocp")).contains("two");
    assertThat(reads).isEqualTo(2);
  }

  @Test
  void anUnknownNameIsKeptAsUnknownUntilTheBound() {
    assertThat(secret("late")).isEmpty();
    rows.put("late", "s");   // created through another replica

    assertThat(secret("late")).isEmpty();
    advance(TTL);
    assertThat(secret("late")).contains("s");
    assertThat(reads).isEqualTo(2);
  }

  @Test
  void aForgottenClientIsReadAgainAtOnce() {
    rows.put("ocp", "one");
    secret("ocp");
    rows.remove("ocp");   // revoked through this replica

    cache.forget("ocp");

    assertThat(secret("ocp")).isEmpty();
  }

  @Test
  void aReadBeforeTheCommitOfTheChangeIsNotKept() {
    rows.put("ocp", "one");
    secret("ocp");
    TransactionSynchronizationManager.initSynchronization();
    cache.forget("ocp");   // rotate: the new secret is not committed yet

    assertThat(secret("ocp")).as("another request meanwhile reads the committed row").contains("one");
    rows.put("ocp", "two");
    var synchronizations = TransactionSynchronizationManager.getSynchronizations();
    TransactionSynchronizationManager.clearSynchronization();
    TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, TransactionSynchronization.STATUS_COMMITTED);

    assertThat(secret("ocp")).contains("two");
  }
}

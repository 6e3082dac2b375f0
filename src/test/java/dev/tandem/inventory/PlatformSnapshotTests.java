package dev.tandem.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tandem.inventory.persistence.InventoryStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A read loads the inventory only when its revision is not the one of the spec kept. */
class PlatformSnapshotTests {

  final InventoryStore store = mock(InventoryStore.class);
  final PlatformService platform = new PlatformService(store, null, null);

  static PlatformSpec withHosts(String... names) {
    return new PlatformSpec(List.of(names).stream()
        .map(n -> new HostSpec(n, "10.0.0.1", null, null, null, null, null, null)).toList(), null, null);
  }

  @AfterEach
  void noTransaction() {
    TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
  }

  @Test
  void readsAtTheSameRevisionLoadOnceAndANewRevisionLoadsAgain() {
    TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);   // export()'s own transaction
    when(store.revision()).thenReturn(4L);
    when(store.load()).thenReturn(withHosts("node1"), withHosts("node1", "node2"));

    assertThat(platform.export().hosts()).hasSize(1);
    assertThat(platform.export().hosts()).hasSize(1);
    verify(store, times(1)).load();

    when(store.revision()).thenReturn(5L);
    assertThat(platform.export().hosts()).hasSize(2);
    assertThat(platform.export().hosts()).hasSize(2);
    verify(store, times(2)).load();
  }

  @Test
  void aTransactionThatMayHaveWrittenKeepsNothing() {
    when(store.revision()).thenReturn(4L);
    when(store.load()).thenReturn(withHosts("node1"));

    platform.export();
    platform.export();

    verify(store, times(2)).load();
  }
}

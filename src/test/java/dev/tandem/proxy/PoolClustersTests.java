package dev.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.inventory.HeketiBindings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pools' clusters as the Heketi-compatible API uses them: read once and kept, read again at once
 * after an inventory write on this replica, and at the latest after cache-staleness (writes elsewhere).
 */
class PoolClustersTests {

  private static final Duration STALENESS = Duration.ofSeconds(3);

  private final HeketiBindings bindings = mock(HeketiBindings.class);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final PoolClusters clusters = new PoolClusters(bindings, new CoordinationProperties("test",
      Duration.ofSeconds(5), 4, Duration.ofSeconds(2), Duration.ofSeconds(20), STALENESS), clock::get);

  @Test
  void keptWithinTheStalenessThenReadAgain() {
    when(bindings.clusterIds()).thenReturn(Map.of("gluster-ocp", List.of("c1")),
        Map.of("gluster-ocp", List.of("c2")));

    assertThat(clusters.clusterIds()).containsEntry("gluster-ocp", List.of("c1"));
    clock.addAndGet(STALENESS.minusMillis(1).toNanos());
    assertThat(clusters.clusterIds()).as("within cache-staleness").containsEntry("gluster-ocp", List.of("c1"));
    verify(bindings, times(1)).clusterIds();

    clock.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(clusters.clusterIds()).as("cache-staleness after the read began").containsEntry("gluster-ocp",
        List.of("c2"));
  }

  @Test
  void aWriteOfTheInventoryOnThisReplicaIsSeenAtTheNextRequest() {
    when(bindings.clusterIds()).thenReturn(Map.of("gluster-ocp", List.of()), Map.of("gluster-ocp", List.of("c1")));
    when(bindings.localWrites()).thenReturn(4L);
    assertThat(clusters.clusterIds()).containsEntry("gluster-ocp", List.of());

    when(bindings.localWrites()).thenReturn(5L);   // reconcile bound the pool here
    assertThat(clusters.clusterIds()).containsEntry("gluster-ocp", List.of("c1"));
    verify(bindings, times(2)).clusterIds();
  }
}

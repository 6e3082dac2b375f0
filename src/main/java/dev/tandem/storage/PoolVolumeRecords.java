package dev.tandem.storage;

import dev.tandem.inventory.PoolDependents;
import dev.tandem.inventory.Violation;
import jakarta.persistence.EntityManager;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The storage side of deleting a pool: its volume records go with it (the database cascades them),
 * so the pool may not go while one of its volume operations has not reached a final state, or that
 * operation would finish on a volume Tandem no longer knows.
 */
@Component
class PoolVolumeRecords implements PoolDependents {

  /** The states an operation ends in; any other (running, or one added later) still needs its volume record. */
  static final Set<OperationEntity.State> FINAL =
      EnumSet.of(OperationEntity.State.SUCCEEDED, OperationEntity.State.FAILED, OperationEntity.State.INTERRUPTED);

  private final EntityManager em;

  PoolVolumeRecords(EntityManager em) {
    this.em = em;
  }

  @Override
  public Map<String, Long> removedWith(String pool) {
    return Map.of("volumeRecords", em.createQuery("select count(v) from VolumeEntity v where v.poolName = :pool",
        Long.class).setParameter("pool", pool).getSingleResult());
  }

  @Override
  public Optional<Violation> busy(String pool) {
    List<OperationEntity> unfinished = em.createQuery("select o from OperationEntity o where o.poolName = :pool"
            + " and o.state not in :final order by o.createdAt", OperationEntity.class)
        .setParameter("pool", pool).setParameter("final", FINAL).setMaxResults(10).getResultList();
    if (unfinished.isEmpty()) {
      return Optional.empty();
    }
    String which = unfinished.stream()
        .map(o -> o.kind.name().toLowerCase() + " " + o.volumeName + " (" + o.state.name().toLowerCase() + ", "
            + "/api/v1/operations/" + o.id + ")")
        .collect(Collectors.joining(", "));
    return Optional.of(new Violation(Violation.Kind.CONFLICT, "", "pool " + pool + " has volume operations that"
        + " have not ended: " + which + "; deleting the pool now would drop their volume records",
        "wait until they end (GET the operations named), then repeat"));
  }
}

package dev.tandem.storage;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface VolumeRepository extends JpaRepository<VolumeEntity, Long> {
  /** Moves a volume to a new state only from one of the given states; answers how many rows moved (0 or 1). */
  @Modifying
  @Query("update VolumeEntity v set v.state = :to where v.id = :id and v.state in :from")
  int transition(Long id, Collection<VolumeEntity.State> from, VolumeEntity.State to);

  List<VolumeEntity> findByPoolNameOrderByName(String poolName);

  Optional<VolumeEntity> findByPoolNameAndName(String poolName, String name);
}

interface OperationRepository extends JpaRepository<OperationEntity, String> {
  List<OperationEntity> findByState(OperationEntity.State state);

  List<OperationEntity> findByStateIn(Collection<OperationEntity.State> states);

  List<OperationEntity> findByPoolNameAndVolumeNameAndStateIn(String poolName, String volumeName,
      Collection<OperationEntity.State> states);

  long countByState(OperationEntity.State state);

  /** Locks the one gate row until the transaction ends: new operations are counted and persisted one at a time. */
  @Query(value = "select id from storage_operation_gate where id = 1 for update", nativeQuery = true)
  Integer lockGate();

  /**
   * Marks an operation whose outcome is unknown as being read now, unless someone read it since
   * {@code before}; answers 1 when this caller may read Heketi, 0 otherwise.
   */
  @Modifying(clearAutomatically = true)
  @Query("update OperationEntity o set o.lastResolvedAt = :now where o.id = :id"
      + " and o.state = :unknown and (o.lastResolvedAt is null or o.lastResolvedAt < :before)")
  int claimResolution(String id, OperationEntity.State unknown, OffsetDateTime now, OffsetDateTime before);

  /** Moves an operation to a new state only from one of the given states; answers how many rows moved (0 or 1). */
  @Modifying(clearAutomatically = true)
  @Query("update OperationEntity o set o.state = :to, o.updatedAt = :now where o.id = :id and o.state in :from")
  int transition(String id, Collection<OperationEntity.State> from, OperationEntity.State to, OffsetDateTime now);
}

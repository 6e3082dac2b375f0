package dev.tandem.storage;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface VolumeRepository extends JpaRepository<VolumeEntity, Long> {
  /** Moves a volume to a new state only from one of the given states; answers how many rows moved (0 or 1). */
  @org.springframework.data.jpa.repository.Modifying
  @org.springframework.data.jpa.repository.Query("update VolumeEntity v set v.state = :to where v.id = :id and v.state in :from")
  int transition(Long id, java.util.Collection<VolumeEntity.State> from, VolumeEntity.State to);

  List<VolumeEntity> findByPoolNameOrderByName(String poolName);

  Optional<VolumeEntity> findByPoolNameAndName(String poolName, String name);
}

interface OperationRepository extends JpaRepository<OperationEntity, String> {
  List<OperationEntity> findByState(OperationEntity.State state);
}

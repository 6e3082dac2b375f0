package dev.tandem.storage;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface VolumeRepository extends JpaRepository<VolumeEntity, Long> {
  List<VolumeEntity> findByPoolNameOrderByName(String poolName);

  Optional<VolumeEntity> findByPoolNameAndName(String poolName, String name);
}

interface OperationRepository extends JpaRepository<OperationEntity, String> {
  List<OperationEntity> findByState(OperationEntity.State state);
}

package dev.tandem.inventory.persistence;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface HostRepository extends JpaRepository<HostEntity, Long> {
  Optional<HostEntity> findByName(String name);
}

interface InterfaceRepository extends JpaRepository<InterfaceEntity, Long> {}

interface DeviceRepository extends JpaRepository<DeviceEntity, Long> {}

interface PoolRepository extends JpaRepository<PoolEntity, Long> {
  Optional<PoolEntity> findByName(String name);
}

interface MemberRepository extends JpaRepository<MemberEntity, Long> {
  List<MemberEntity> findByPool(PoolEntity pool);
}

interface AssignmentRepository extends JpaRepository<AssignmentEntity, Long> {
  List<AssignmentEntity> findByPool(PoolEntity pool);
}

interface HeketiServerRepository extends JpaRepository<HeketiServerEntity, Integer> {}

interface PlatformRepository extends JpaRepository<PlatformEntity, Integer> {

  /** Locks the platform row until the transaction ends: inventory writers queue here. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select p from PlatformEntity p where p.id = 1")
  PlatformEntity lock();
}

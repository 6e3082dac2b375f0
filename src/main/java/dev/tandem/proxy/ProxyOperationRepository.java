package dev.tandem.proxy;

import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProxyOperationRepository extends JpaRepository<ProxyOperationEntity, String> {

  long countByPoolNameAndFinalStatusIsNullAndCreatedAtAfter(String poolName, OffsetDateTime after);

  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select o from ProxyOperationEntity o where o.queueId = :id")
  Optional<ProxyOperationEntity> findByIdForUpdate(String id);
}

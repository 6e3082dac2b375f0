package dev.tandem.proxy;

import java.time.OffsetDateTime;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProxyOperationRepository extends JpaRepository<ProxyOperationEntity, String> {

  long countByPoolNameAndFinalStatusIsNullAndCreatedAtAfter(String poolName, OffsetDateTime after);
}

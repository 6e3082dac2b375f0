package dev.tandem.proxy;

import java.time.OffsetDateTime;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ProxySlotRepository extends JpaRepository<ProxySlotEntity, String> {

  long countByPoolNameAndReservedAtAfter(String poolName, OffsetDateTime after);

  @Modifying
  @Query("delete from ProxySlotEntity s where s.queueId = :queueId")
  int deleteByQueueId(String queueId);

  @Modifying
  @Query("delete from ProxySlotEntity s where s.reservedAt < :before")
  int deleteReservedBefore(OffsetDateTime before);
}

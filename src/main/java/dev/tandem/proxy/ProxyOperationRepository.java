package dev.tandem.proxy;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface ProxyOperationRepository extends JpaRepository<ProxyOperationEntity, String> {

  /** The operation, locked until the transaction ends: waits while another poll holds it. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select o from ProxyOperationEntity o where o.queueId = :id")
  Optional<ProxyOperationEntity> findByIdForUpdate(String id);

  /** The operation if it is {@code client}'s, locked until the transaction ends (else nothing, and no lock). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select o from ProxyOperationEntity o where o.queueId = :id and o.clientName = :client")
  Optional<ProxyOperationEntity> findByIdAndClientForUpdate(String id, String client);

  /** The operation, locked, or nothing when another poll holds it ({@code skip locked}). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
  @Query("select o from ProxyOperationEntity o where o.queueId = :id")
  Optional<ProxyOperationEntity> findByIdUnlessLocked(String id);

  /** Operations without a final answer that nobody has asked Heketi about since {@code before}, oldest first. */
  @Query("select o.queueId from ProxyOperationEntity o where o.finalStatus is null"
      + " and coalesce(o.polledAt, o.createdAt) < :before order by coalesce(o.polledAt, o.createdAt)")
  List<String> findIdle(OffsetDateTime before, Limit limit);

  /** Operations without a final answer, oldest first. */
  @Query("select o.queueId from ProxyOperationEntity o where o.finalStatus is null order by o.createdAt")
  List<String> findUnfinished(Limit limit);

  @Modifying
  @Query("delete from ProxyOperationEntity o where o.finalStatus is not null and o.finishedAt < :before")
  int deleteFinishedBefore(OffsetDateTime before);
}

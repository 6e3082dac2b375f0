package dev.tandem.proxy;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A Heketi queue entry started through the Heketi-compatible API: its owner, pool, when anyone last
 * asked Heketi about it, and its final answer (kept for {@code tandem.proxy.answer-retention}).
 */
@Entity
@Table(name = "proxy_operation")
class ProxyOperationEntity {
  @Id String queueId;
  String clientName;
  String poolName;
  OffsetDateTime createdAt;
  OffsetDateTime polledAt;
  OffsetDateTime failingSince;
  Integer finalStatus;
  String finalLocation;
  String finalType;
  String finalBody;
  OffsetDateTime finishedAt;
}

package dev.tandem.proxy;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A Heketi queue entry started through the Heketi-compatible API: its owner, pool and final answer. */
@Entity
@Table(name = "proxy_operation")
class ProxyOperationEntity {
  @Id String queueId;
  String clientName;
  String poolName;
  OffsetDateTime createdAt;
  OffsetDateTime failingSince;
  Integer finalStatus;
  String finalLocation;
  String finalType;
  String finalBody;
}

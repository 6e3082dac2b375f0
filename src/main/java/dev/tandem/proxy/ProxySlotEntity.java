package dev.tandem.proxy;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A place in a pool's share of Heketi's operations; its queue id once Heketi has accepted. */
@Entity
@Table(name = "proxy_slot")
class ProxySlotEntity {
  @Id String id;
  String poolName;
  OffsetDateTime reservedAt;
  String queueId;
}

package dev.tandem.proxy;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.OffsetDateTime;
import org.springframework.data.domain.Persistable;

/**
 * A Heketi queue entry started through the Heketi-compatible API: its owner, pool, when anyone last
 * asked Heketi about it, and its final answer (kept for {@code tandem.proxy.answer-retention}).
 */
@Entity
@Table(name = "proxy_operation")
class ProxyOperationEntity implements Persistable<String> {
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
  /**
   * Made for a queue entry Heketi just accepted, not read: its id is Heketi's, so without this the
   * repository's save would read the row before inserting it.
   */
  @Transient boolean accepted;

  @Override
  public String getId() {
    return queueId;
  }

  @Override
  public boolean isNew() {
    return accepted;
  }
}

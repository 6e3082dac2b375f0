package dev.tandem.inventory.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "platform")
class PlatformEntity {
  @Id Integer id;
  long revision;
  OffsetDateTime updatedAt;
}

package dev.tandem.provisioning;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "job")
class JobEntity {

  /**
   * QUEUED: waiting for a job thread on any replica (also after a stopping replica handed it back);
   * RUNNING: a replica runs its steps; INTERRUPTED: ended by a stop of a Tandem version before jobs were
   * claimed through the database (retry resumes it); the others: ended.
   */
  enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    INTERRUPTED;

    boolean ended() {
      return this != QUEUED && this != RUNNING;
    }
  }

  @Id String id;
  String type;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  State state;

  /** The request as JSON, so a retry or a resumed job plans the same job again. */
  String request;
  String message;
  boolean cancel;
  OffsetDateTime createdAt;
  OffsetDateTime startedAt;
  OffsetDateTime endedAt;
}

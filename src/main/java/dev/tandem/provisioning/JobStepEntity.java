package dev.tandem.provisioning;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "job_step")
class JobStepEntity {

  enum State {
    PENDING,
    RUNNING,
    UNCHANGED,
    CHANGED,
    FAILED,
    CANCELLED,
    INTERRUPTED,
    SKIPPED;

    boolean done() {
      return this == UNCHANGED || this == CHANGED;
    }
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String jobId;
  int seq;
  String host;
  String name;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  State state;

  OffsetDateTime startedAt;
  OffsetDateTime endedAt;
  /** How many times the step was started (again after a replica running it was killed, or on a retry). */
  int attempts;
  /** The replica ({@code tandem.coordination.instance}) that started its last attempt. */
  String replica;
}

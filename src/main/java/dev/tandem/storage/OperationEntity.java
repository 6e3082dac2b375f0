package dev.tandem.storage;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An asynchronous volume operation Tandem owns. Its queue path is stored the moment Heketi accepts
 * the request, so that after a restart the operation is followed up rather than lost or repeated.
 */
@Entity
@Table(name = "storage_operation")
class OperationEntity {

  enum Kind {
    CREATE,
    EXPAND,
    DELETE
  }

  enum State {
    RUNNING,
    SUCCEEDED,
    FAILED,
    INTERRUPTED
  }

  @Id String id;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  Kind kind;

  String poolName;
  String volumeName;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  State state;

  String queuePath;
  /** The GiB to add, for an expand. */
  Integer argument;
  String message;
  Integer upstreamStatus;
  OffsetDateTime createdAt;
  OffsetDateTime updatedAt;
}

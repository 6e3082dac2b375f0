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
 * the request, so that whichever replica carries it on (after a restart, or a replica's death) follows
 * it up rather than losing or repeating it. Lifecycle: {@code QUEUED} (waiting for an operation thread
 * of any replica) → {@code RUNNING} → {@code SUCCEEDED}
 * or {@code FAILED}; or → {@code UNKNOWN} when Tandem could not observe how it ended, until reading
 * Heketi settles it as {@code SUCCEEDED} or {@code FAILED}. {@code INTERRUPTED} is kept for rows of
 * earlier versions.
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
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    INTERRUPTED,
    UNKNOWN;

    /** Whether the operation has ended for good: nothing will change it any more. */
    boolean isFinal() {
      return this == SUCCEEDED || this == FAILED || this == INTERRUPTED;
    }
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
  /** When a replica last read Heketi about this operation's unknown outcome. */
  OffsetDateTime lastResolvedAt;

  /** What the operation does, for messages and logs: "create volume data of pool gluster-ocp". */
  String describe() {
    return kind.name().toLowerCase() + " volume " + volumeName + " of pool " + poolName;
  }
}

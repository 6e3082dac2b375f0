package dev.tandem.storage;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "volume")
class VolumeEntity {

  enum State {
    CREATING,
    READY,
    EXPANDING,
    DELETING,
    FAILED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String poolName;
  String name;
  String heketiVolumeId;
  int sizeGib;
  String durability;
  Long gid;
  Double snapshotFactor;
  /** The effective Gluster options, one "key value" per line. */
  String options;
  String mountPoint;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  State state;

  OffsetDateTime createdAt;

  List<String> optionList() {
    return options.isEmpty() ? List.of() : Arrays.asList(options.split("\n"));
  }
}

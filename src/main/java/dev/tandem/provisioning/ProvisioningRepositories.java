package dev.tandem.provisioning;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface JobRepository extends JpaRepository<JobEntity, String> {
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select j from JobEntity j where j.id = :id")
  Optional<JobEntity> findByIdForUpdate(String id);

  long countByState(JobEntity.State state);

  List<JobEntity> findByTypeInAndStateIn(Collection<String> types, Collection<JobEntity.State> states);

  List<JobEntity> findByTypeAndStateIn(String type, List<JobEntity.State> states);

  List<JobEntity> findTop100ByOrderByCreatedAtDesc();

  Optional<JobEntity> findFirstByTypeOrderByCreatedAtDesc(String type);
}

interface JobStepRepository extends JpaRepository<JobStepEntity, Long> {
  List<JobStepEntity> findByJobIdOrderBySeq(String jobId);
}

/** One chunk of a job's log, numbered per job in the order it was appended. */
@Entity
@Table(name = "job_log")
@IdClass(JobLogEntity.Key.class)
class JobLogEntity {

  static class Key implements Serializable {
    String jobId;
    int seq;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(jobId, k.jobId) && seq == k.seq;
    }

    @Override
    public int hashCode() {
      return Objects.hash(jobId, seq);
    }
  }

  @Id String jobId;
  @Id int seq;
  /** The step the chunk belongs to; null for the job's own lines. */
  Integer stepSeq;
  String text;
}

interface JobLogRepository extends JpaRepository<JobLogEntity, JobLogEntity.Key> {
  @Query("select coalesce(max(l.seq), 0) from JobLogEntity l where l.jobId = :jobId")
  int lastSeq(String jobId);

  List<JobLogEntity> findByJobIdAndSeqGreaterThanOrderBySeq(String jobId, int seq);
}

@Entity
@Table(name = "platform_secret")
class PlatformSecretEntity {
  @Id String name;
  String secretValue;
}

interface PlatformSecretRepository extends JpaRepository<PlatformSecretEntity, String> {}

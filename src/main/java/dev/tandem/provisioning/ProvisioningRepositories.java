package dev.tandem.provisioning;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface JobRepository extends JpaRepository<JobEntity, String> {
  @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
  @Query("select j from JobEntity j where j.id = :id")
  java.util.Optional<JobEntity> findByIdForUpdate(String id);

  List<JobEntity> findByState(JobEntity.State state);

  List<JobEntity> findTop100ByOrderByCreatedAtDesc();
}

interface JobStepRepository extends JpaRepository<JobStepEntity, Long> {
  List<JobStepEntity> findByJobIdOrderBySeq(String jobId);

  @Modifying
  @Query("update JobStepEntity s set s.log = concat(s.log, :line) where s.id = :id")
  void append(Long id, String line);
}

@Entity
@Table(name = "platform_secret")
class PlatformSecretEntity {
  @Id String name;
  String secretValue;
}

interface PlatformSecretRepository extends JpaRepository<PlatformSecretEntity, String> {}

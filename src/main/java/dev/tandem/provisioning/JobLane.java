package dev.tandem.provisioning;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.coordination.CoordinationProperties;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job lane: jobs scheduled on table {@code job_claim}, claimed and run by any live replica with
 * {@code tandem.provisioning.job-threads} threads each. A bean, so that it starts after everything else
 * and stops first (a stopping replica hands its jobs back between steps).
 */
@Configuration(proxyBeanMethods = false)
class JobLane {

  /** The kind of work a job is on the lane; the work's id is the job's id. */
  static final String TASK = "job";
  static final String BEAN = "jobClaims";

  @Bean(BEAN)
  ClaimedWork jobClaims(DataSource dataSource, CoordinationProperties coordination, ProvisioningProperties properties,
      JobRunner runner) {
    return ClaimedWork.create(dataSource, coordination, "job_claim", properties.jobThreads(),
        List.of(ClaimedWork.task(TASK, runner::run)));
  }
}

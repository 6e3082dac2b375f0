package dev.tandem.heketidb;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.coordination.CoordinationProperties;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.ErrorResponseException;

/**
 * Scheduled backups: one repeated piece of work ({@value #TASK}) on its own lane ({@code backup_claim},
 * one thread per replica). Whichever replica claims it takes the backup, then asks to run again one
 * {@code tandem.backups.interval} later, on whichever replica claims it then: one backup per interval
 * for all replicas together (the work of a replica killed mid-backup is taken again by another). Each
 * start with an interval set schedules it unless it is already scheduled; with the interval unset, the
 * work ends at its next run.
 */
@Configuration(proxyBeanMethods = false)
class BackupLane {

  static final String BEAN = "heketiBackupLane";
  static final String TASK = "heketi-backup";
  static final String INSTANCE = "scheduled";

  private static final Logger log = LoggerFactory.getLogger(BackupLane.class);

  @Bean(BEAN)
  ClaimedWork heketiBackupLane(DataSource dataSource, CoordinationProperties coordination,
      BackupProperties properties, ObjectProvider<Backups> backups) {
    return ClaimedWork.create(dataSource, coordination, "backup_claim", 1,
        List.of(ClaimedWork.repeatedTask(TASK, (id, stopping) -> run(properties, backups.getObject()))));
  }

  @EventListener(ApplicationReadyEvent.class)
  void schedule(ApplicationReadyEvent ready) {
    BackupProperties properties = ready.getApplicationContext().getBean(BackupProperties.class);
    if (properties.scheduled()) {
      ClaimedWork lane = ready.getApplicationContext().getBean(BEAN, ClaimedWork.class);
      boolean scheduled = lane.schedule(TASK, INSTANCE);
      log.info("Heketi database backups every {} ({})", properties.interval(),
          scheduled ? "the first now" : "already scheduled");
    }
  }

  /** One scheduled backup; its outcome is recorded whatever it is. Answers when to run again, or null. */
  static Instant run(BackupProperties properties, Backups backups) {
    if (!properties.scheduled()) {
      return null;
    }
    try {
      backups.take();
    } catch (ErrorResponseException e) {
      // Heketi failed or its answer was refused: recorded, counted and logged by Backups
      log.debug("scheduled Heketi backup did not keep a file", e);
    } catch (RuntimeException e) {
      log.warn("scheduled Heketi backup could not be taken or recorded; trying again in {}", properties.interval(), e);
    }
    return Instant.now().plus(properties.interval());
  }
}

package dev.tandem.drift;

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

/**
 * Scheduled drift reports: one repeated piece of work ({@value #TASK}) on its own lane ({@code
 * drift_claim}, one thread per replica), as scheduled Heketi backups run: whichever replica claims it
 * makes the report (or skips it while one requested over the API is being made), then asks to run again
 * one {@code tandem.drift.interval} later. With the interval unset, the work ends at its next run.
 */
@Configuration(proxyBeanMethods = false)
class DriftLane {

  static final String BEAN = "driftReportLane";
  static final String TASK = "drift-report";

  private static final Logger log = LoggerFactory.getLogger(DriftLane.class);

  @Bean(BEAN)
  ClaimedWork driftReportLane(DataSource dataSource, CoordinationProperties coordination, DriftProperties properties,
      ObjectProvider<DriftService> drift) {
    return ClaimedWork.create(dataSource, coordination, "drift_claim", 1,
        List.of(ClaimedWork.repeatedTask(TASK, (id, stopping) -> run(properties, drift.getObject()))));
  }

  @EventListener(ApplicationReadyEvent.class)
  void schedule(ApplicationReadyEvent ready) {
    DriftProperties properties = ready.getApplicationContext().getBean(DriftProperties.class);
    if (properties.scheduled()) {
      boolean scheduled = ready.getApplicationContext().getBean(BEAN, ClaimedWork.class).schedule(TASK, "scheduled");
      log.info("drift reports every {} ({})", properties.interval(), scheduled ? "the first now" : "already scheduled");
    }
  }

  /** One scheduled report. Answers when to run again, or null. */
  static Instant run(DriftProperties properties, DriftService drift) {
    if (!properties.scheduled()) {
      return null;
    }
    try {
      if (drift.runIfIdle().isEmpty()) {
        log.info("scheduled drift report skipped: another is being made");
      }
    } catch (RuntimeException e) {
      log.warn("scheduled drift report failed; trying again in {}", properties.interval(), e);
    }
    return Instant.now().plus(properties.interval());
  }
}

package dev.tandem.storage;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.coordination.CoordinationProperties;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The lane volume operations run on ({@code operation_claim}, {@code tandem.storage.operation-threads}
 * threads per replica): {@value #RUN} carries an operation out, on the replica that got the request
 * unless it dies; {@value #RESOLVE} reads Heketi about an operation whose outcome is unknown, on one
 * replica at a time, again and again with a doubling wait until it is settled.
 */
@Configuration(proxyBeanMethods = false)
class OperationLane {

  static final String BEAN = "volumeOperationLane";
  static final String RUN = "volume-operation";
  static final String RESOLVE = "volume-resolve";

  @Bean(BEAN)
  ClaimedWork volumeOperationLane(DataSource dataSource, CoordinationProperties coordination, StorageProperties storage,
      ObjectProvider<OperationRunner> runner, ObjectProvider<OutcomeResolver> resolver) {
    return ClaimedWork.create(dataSource, coordination, "operation_claim", storage.storage().operationThreads(),
        List.of(ClaimedWork.task(RUN, (id, stopping) -> runner.getObject().run(id, stopping)),
            ClaimedWork.repeatedTask(RESOLVE, (id, stopping) -> resolver.getObject().scheduledAttempt(id))));
  }
}

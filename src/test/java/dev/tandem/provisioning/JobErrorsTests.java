package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** A lost database resumes the job later; any other error, the database's included, fails it. */
class JobErrorsTests {

  @Test
  void aLostConnectionIsTheDatabaseLostNotTheJobsFailure() {
    assertThat(JobErrors.databaseLost(new CannotCreateTransactionException("Could not open JPA EntityManager for"
        + " transaction", new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
    assertThat(JobErrors.databaseLost(new DataAccessResourceFailureException("unable to acquire JDBC Connection")))
        .isTrue();
    assertThat(JobErrors.databaseLost(new JpaSystemException(new RuntimeException("wrapped",
        new SQLException("An I/O error occurred while sending to the backend.", "08006"))))).isTrue();
    assertThat(JobErrors.databaseLost(new RuntimeException("could not execute statement",
        new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    // what a transaction that cannot roll back on a closed connection becomes (PostgreSQL restarted)
    assertThat(JobErrors.databaseLost(new JpaSystemException(new RuntimeException(
        "Unable to rollback against JDBC Connection")))).isTrue();
    assertThat(JobErrors.databaseLost(new TransactionSystemException("Could not commit JPA transaction"))).isTrue();
  }

  @Test
  void aConstraintOrAHostErrorFailsTheJob() {
    assertThat(JobErrors.databaseLost(new DataIntegrityViolationException("duplicate key",
        new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    assertThat(JobErrors.databaseLost(new StepFailed("docker run failed"))).isFalse();
    assertThat(JobErrors.databaseLost(new IllegalStateException("no cause"))).isFalse();
  }
}

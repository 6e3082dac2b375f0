package dev.tandem.provisioning;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.ErrorResponseException;

/** How a job's runner tells its own failures apart from Tandem losing its database, and words them. */
final class JobErrors {

  /**
   * Tandem lost its database (not the job's failure): no connection could be had or one broke, a
   * transaction could not begin, commit or roll back, or the data layer failed in a way it cannot
   * name — anywhere in the chain. A constraint or a wrong query is not this: it fails the job like any
   * other error.
   */
  static boolean databaseLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
          || t instanceof UncategorizedDataAccessException || t instanceof TransactionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLException sql && sql.getSQLState() != null
          // connection exception; the server shutting down or restarting (admin_shutdown, crash_shutdown, ...)
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }

  static String message(Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ErrorResponseException error) {
      return error.getBody().getDetail();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private JobErrors() {}
}

package dev.tandem.heketidb;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A backup that is not there (404), one a restore job still needs (409), or an answer of Heketi's that
 * was not a BoltDB file (502).
 */
class BackupException extends ErrorResponseException {

  private BackupException(HttpStatus status, ProblemDetail problem) {
    super(status, problem, null);
  }

  static BackupException notFound(String id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "There is no Heketi backup with id '" + id + "'");
    problem.setType(URI.create("urn:tandem:problem:not-found"));
    problem.setTitle("Not found");
    return new BackupException(HttpStatus.NOT_FOUND, problem);
  }

  static BackupException inUse(long id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
        "Heketi backup " + id + " is held for a restore-heketi-db job: one not ended names it, or the newest"
            + " restore job names it and has not succeeded (its retry needs it); delete it once that job has"
            + " succeeded or a newer restore-heketi-db job has started");
    problem.setType(URI.create("urn:tandem:problem:backup-in-use"));
    problem.setTitle("Backup in use");
    problem.setProperty("backup", id);
    return new BackupException(HttpStatus.CONFLICT, problem);
  }

  static BackupException busy() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
        "A restore-heketi-db job is being started or another backup deleted; repeat the request in a few seconds");
    problem.setType(URI.create("urn:tandem:problem:backup-in-use"));
    problem.setTitle("Backup in use");
    return new BackupException(HttpStatus.CONFLICT, problem);
  }

  static BackupException noFile(Backup backup) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "Heketi backup " + backup.id() + " holds no file: it was " + backup.outcome().name().toLowerCase()
            + " (" + backup.message() + ")");
    problem.setType(URI.create("urn:tandem:problem:not-found"));
    problem.setTitle("Not found");
    return new BackupException(HttpStatus.NOT_FOUND, problem);
  }

  static BackupException refused(Backup backup) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
        "Heketi's answer to GET /backup/db was refused and not kept: " + backup.message());
    problem.setType(URI.create("urn:tandem:problem:heketi-backup-refused"));
    problem.setTitle("Heketi's backup is not a BoltDB file");
    problem.setProperty("backup", backup.id());
    return new BackupException(HttpStatus.BAD_GATEWAY, problem);
  }
}

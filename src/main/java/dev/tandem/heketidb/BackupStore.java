package dev.tandem.heketidb;

import dev.tandem.heketidb.Backup.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code heketi_backup} table: attempts and the files kept. Lists never read the files; one file
 * is read only to be downloaded.
 */
@Repository
class BackupStore {

  private static final String COLUMNS = "id, taken_at, taken_by, outcome, size_bytes, sha256, message";

  private final JdbcClient jdbc;

  BackupStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** Records an attempt; {@code content} is the kept file, or null for a refused or failed one. */
  Backup add(Instant takenAt, String takenBy, Outcome outcome, byte[] content, String sha256, String message) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("insert into heketi_backup (taken_at, taken_by, outcome, size_bytes, sha256, message, content)"
            + " values (?, ?, ?, ?, ?, ?, ?)")
        .params(OffsetDateTime.ofInstant(takenAt, ZoneOffset.UTC), takenBy, outcome.name(),
            content == null ? null : (long) content.length, sha256, message, content)
        .update(key, "id");
    long id = key.getKeyAs(Number.class).longValue();
    return new Backup(id, takenAt, takenBy, outcome, content == null ? null : (long) content.length, sha256, message);
  }

  /** Every attempt still retained, newest first. */
  List<Backup> list() {
    return jdbc.sql("select " + COLUMNS + " from heketi_backup order by taken_at desc, id desc")
        .query(BackupStore::backup).list();
  }

  Optional<Backup> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from heketi_backup where id = ?").param(id)
        .query(BackupStore::backup).optional();
  }

  /** The kept file of backup {@code id}, if there is one. */
  Optional<byte[]> content(long id) {
    return jdbc.sql("select content from heketi_backup where id = ? and outcome = 'KEPT'").param(id)
        .query((rs, n) -> rs.getBytes(1)).optional();
  }

  /** The newest attempt, whatever its outcome. */
  Optional<Backup> lastAttempt() {
    return list().stream().findFirst();
  }

  /** The newest kept backup. */
  Optional<Backup> lastKept() {
    return jdbc.sql("select " + COLUMNS + " from heketi_backup where outcome = 'KEPT'"
            + " order by taken_at desc, id desc fetch first 1 rows only").query(BackupStore::backup).optional();
  }

  boolean delete(long id) {
    return jdbc.sql("delete from heketi_backup where id = ?").param(id).update() > 0;
  }

  /**
   * Deletes, among kept backups and separately among the other attempts, all but the newest {@code keep}
   * and those taken before {@code cutoff}, except the newest kept backup and the backups in {@code spared}
   * (which still count towards {@code keep}). Answers the ids deleted.
   */
  List<Long> prune(int keep, Instant cutoff, Set<Long> spared) {
    List<Long> doomed = new ArrayList<>();
    int kept = 0;
    int others = 0;
    for (Backup backup : list()) {
      int rank = backup.kept() ? kept++ : others++;
      boolean lastGood = backup.kept() && rank == 0;
      if (!lastGood && !spared.contains(backup.id()) && (rank >= keep || backup.takenAt().isBefore(cutoff))) {
        doomed.add(backup.id());
      }
    }
    doomed.forEach(this::delete);
    return doomed;
  }

  private static Backup backup(ResultSet rs, int row) throws SQLException {
    long size = rs.getLong("size_bytes");
    Long sizeBytes = rs.wasNull() ? null : size;
    return new Backup(rs.getLong("id"), rs.getObject("taken_at", OffsetDateTime.class).toInstant(),
        rs.getString("taken_by"), Outcome.valueOf(rs.getString("outcome")), sizeBytes, rs.getString("sha256"),
        rs.getString("message"));
  }
}

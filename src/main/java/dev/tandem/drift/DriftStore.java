package dev.tandem.drift;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code drift_report} table: the last report, its findings as JSON. Older ones are deleted as a new one is stored. */
@Repository
class DriftStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<Finding>> FINDINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;

  DriftStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  @Transactional
  void save(DriftReport report) {
    jdbc.sql("insert into drift_report (taken_at, taken_by, heketi, findings) values (?, ?, ?, ?)")
        .params(OffsetDateTime.ofInstant(report.takenAt(), ZoneOffset.UTC), report.takenBy(), cut(report.heketi()),
            JSON.writeValueAsString(report.findings()))
        .update();
    jdbc.sql("delete from drift_report where id < (select max(id) from drift_report)").update();
  }

  Optional<DriftReport> last() {
    return jdbc.sql("select taken_at, taken_by, heketi, findings from drift_report order by id desc"
            + " fetch first 1 rows only")
        .query((rs, n) -> new DriftReport(rs.getObject("taken_at", OffsetDateTime.class).toInstant(),
            rs.getString("taken_by"), null, rs.getString("heketi"), JSON.readValue(rs.getString("findings"), FINDINGS)))
        .optional();
  }

  private static String cut(String text) {
    return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
  }
}

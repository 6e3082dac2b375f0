package dev.tandem.security;

import jakarta.persistence.criteria.Predicate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The audit log: one event per mutation on either API. Bodies, secrets and tokens are never recorded. */
@Service
public class AuditLog {

  /** Request attributes: the authenticated client, and what a Heketi-compatible call learnt from its body. */
  public static final String ACTOR = "tandem.actor";
  public static final String POOL = "tandem.audit.pool";
  public static final String OBJECT = "tandem.audit.object";

  private final AuditRepository events;

  AuditLog(AuditRepository events) {
    this.events = events;
  }

  /** One audit event as the API shows it. */
  public record Event(long id, OffsetDateTime at, String actor, String api, String method, String path, String pool,
      String object, int status) {}

  /** Filters for reading the log; null means any. */
  public record Query(String actor, String pool, String method, String api, OffsetDateTime since,
      OffsetDateTime until, int limit) {}

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void record(String actor, String api, String method, String path, String pool, String object, int status) {
    AuditEntity event = new AuditEntity();
    event.at = OffsetDateTime.now();
    event.actor = truncate(actor, 63);
    event.api = api;
    event.method = truncate(method, 16);
    event.path = truncate(path, 512);
    event.poolName = truncate(pool, 63);
    event.object = truncate(object, 255);
    event.status = status;
    events.save(event);
  }

  @Transactional(readOnly = true)
  public List<Event> find(Query query) {
    Specification<AuditEntity> spec = (root, q, cb) -> {
      List<Predicate> where = new ArrayList<>();
      if (query.actor() != null) {
        where.add(cb.equal(root.get("actor"), query.actor()));
      }
      if (query.pool() != null) {
        where.add(cb.equal(root.get("poolName"), query.pool()));
      }
      if (query.method() != null) {
        where.add(cb.equal(root.get("method"), query.method()));
      }
      if (query.api() != null) {
        where.add(cb.equal(root.get("api"), query.api()));
      }
      if (query.since() != null) {
        where.add(cb.greaterThanOrEqualTo(root.get("at"), query.since()));
      }
      if (query.until() != null) {
        where.add(cb.lessThan(root.get("at"), query.until()));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
    return events.findAll(spec, PageRequest.of(0, query.limit(), Sort.by(Sort.Direction.DESC, "id"))).stream()
        .map(e -> new Event(e.id, e.at, e.actor, e.api, e.method, e.path, e.poolName, e.object, e.status))
        .toList();
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}

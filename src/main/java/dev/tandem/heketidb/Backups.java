package dev.tandem.heketidb;

import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.coordination.SingleFlight;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketidb.Backup.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Takes, keeps, prunes and hands out backups of Heketi's database. Every attempt is recorded, whatever
 * its outcome; after each, retention ({@link BackupProperties#keep()}, {@link BackupProperties#maxAge()})
 * is applied, sparing the backups work still needs ({@link BackupsInUse}: a queued or running
 * {@code restore-heketi-db}, and the newest one until it succeeds). Metrics: {@code
 * tandem_heketi_backup_last_success_seconds} (when
 * the newest kept backup was taken, from the database, so every replica reports the same) and {@code
 * tandem_heketi_backup_failures_total} (attempts failed or refused on this replica).
 */
@Service
class Backups implements BackupFiles {

  static final int MESSAGE_LENGTH = 1000;

  private static final Logger log = LoggerFactory.getLogger(Backups.class);
  /** What a backup id looks like. */
  static final String ID = "[0-9]{1,18}";

  private final HeketiClient heketi;
  private final BackupStore store;
  private final BackupProperties properties;
  private final String replica;
  private final Counter failures;
  private final List<BackupsInUse> inUse;
  private final SingleFlight singleFlight;

  Backups(HeketiClient heketi, BackupStore store, BackupProperties properties,
      CoordinationProperties coordination, MeterRegistry meters, List<BackupsInUse> inUse,
      SingleFlight singleFlight) {
    this.heketi = heketi;
    this.inUse = inUse;
    this.singleFlight = singleFlight;
    this.store = store;
    this.properties = properties;
    this.replica = coordination.instance();
    this.failures = Counter.builder("tandem.heketi.backup.failures")
        .description("Backups of Heketi's database that failed or were refused on this replica")
        .register(meters);
    Gauge.builder("tandem.heketi.backup.last.success", store, Backups::lastSuccessSeconds)
        .description("When the newest kept backup of Heketi's database was taken (Unix time; NaN: none)")
        .baseUnit("seconds")
        .register(meters);
  }

  /**
   * Backs Heketi's database up now and records the attempt. Answers the kept backup; throws {@link
   * BackupException#refused} when Heketi's answer is not a BoltDB file, and Heketi's own problem when it
   * cannot be asked or refuses (both recorded first).
   */
  Backup take() {
    Instant at = Instant.now();
    byte[] file;
    try {
      file = heketi.backup();
    } catch (ErrorResponseException e) {
      record(at, Outcome.FAILED, null, e.getBody().getDetail());
      throw e;
    }
    Optional<String> refusal = BoltFile.refusal(file);
    if (refusal.isPresent()) {
      throw BackupException.refused(record(at, Outcome.REFUSED, null, refusal.get() + " (" + file.length + " bytes)"));
    }
    return record(at, Outcome.KEPT, file, null);
  }

  List<Backup> list() {
    return store.list();
  }

  /** Backup {@code id} and its file; 404 for an id that names none or a backup without a file. */
  Download download(String id) {
    Backup backup = store.find(parse(id)).orElseThrow(() -> BackupException.notFound(id));
    byte[] content = store.content(backup.id()).orElseThrow(() -> BackupException.noFile(backup));
    return new Download(backup, content);
  }

  /** A kept backup and its file. */
  record Download(Backup backup, byte[] content) {}

  @Override
  public Optional<BackupFile> kept(String id) {
    if (id == null || !id.matches(ID)) {
      return Optional.empty();
    }
    return store.find(Long.parseLong(id)).filter(Backup::kept).flatMap(b -> store.content(b.id())
        .map(content -> new BackupFile(b.id(), b.sha256(), content)));
  }

  /** Deletes a backup or attempt; one held for a restore job ({@link BackupsInUse}) is refused (409). */
  void delete(String id) {
    long backup = parse(id);
    singleFlight.waiting(SINGLE_FLIGHT, SINGLE_FLIGHT_WAIT, () -> {
      if (inUse().contains(backup)) {
        throw BackupException.inUse(backup);
      }
      if (!store.delete(backup)) {
        throw BackupException.notFound(id);
      }
      return backup;
    }).orElseThrow(BackupException::busy);
  }

  private Backup record(Instant at, Outcome outcome, byte[] content, String message) {
    // the column holds 1,000 characters; Heketi's detail (a proxy's HTML page, say) may be longer
    String kept = message == null || message.length() <= MESSAGE_LENGTH ? message
        : message.substring(0, MESSAGE_LENGTH - 1) + "…";
    Backup backup = store.add(at, replica, outcome, content, content == null ? null : sha256(content), kept);
    if (outcome == Outcome.KEPT) {
      log.info("Kept backup {} of Heketi's database ({} bytes, sha256 {})", backup.id(), backup.sizeBytes(),
          backup.sha256());
    } else {
      failures.increment();
      log.warn("Backup {} of Heketi's database {}: {}", backup.id(), outcome.name().toLowerCase(), message);
    }
    if (singleFlight.waiting(SINGLE_FLIGHT, SINGLE_FLIGHT_WAIT, this::prune).isEmpty()) {
      log.warn("Retention not applied after backup {}: a restore job was being started or a backup deleted"
          + " for {}; the next backup applies it", backup.id(), SINGLE_FLIGHT_WAIT);
    }
    return backup;
  }

  private List<Long> prune() {
    Set<Long> spared = inUse();
    List<Long> pruned = store.prune(properties.keep(), Instant.now().minus(properties.maxAge()), spared);
    if (!pruned.isEmpty()) {
      log.info("Deleted Heketi backups {} (retention: {} each, {} at most; held for restore jobs: {})",
          pruned, properties.keep(), properties.maxAge(), spared);
    }
    return pruned;
  }

  private Set<Long> inUse() {
    return inUse.stream().flatMap(u -> u.backupsInUse().stream()).collect(Collectors.toSet());
  }

  private static double lastSuccessSeconds(BackupStore store) {
    return store.lastKept().map(b -> b.takenAt().toEpochMilli() / 1000.0).orElse(Double.NaN);
  }

  /** A backup id; text that is not one names no backup. */
  private static long parse(String id) {
    if (id == null || !id.matches(ID)) {
      throw BackupException.notFound(id);
    }
    return Long.parseLong(id);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

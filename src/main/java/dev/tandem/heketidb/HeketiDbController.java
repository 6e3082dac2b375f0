package dev.tandem.heketidb;

import dev.tandem.heketidb.Backups.Download;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@RequestMapping("/api/v1/heketi")
@Tag(name = "heketi database", description = "Backups of Heketi's database, and Heketi's consistency check by pool")
class HeketiDbController {

  private final Backups backups;
  private final HeketiCheck check;

  HeketiDbController(Backups backups, HeketiCheck check) {
    this.backups = backups;
    this.check = check;
  }

  @GetMapping("/backups")
  @Operation(summary = "Every retained backup attempt, newest first: kept ones with size and SHA-256, failed or"
      + " refused ones with why")
  List<Backup> list() {
    return backups.list();
  }

  @PostMapping("/backups")
  @Operation(summary = "Back Heketi's database up now (admin)",
      description = "201 with the kept backup; 502 when Heketi's answer is not a BoltDB file, 503 when Heketi"
          + " cannot be reached. Every attempt is recorded and listed.")
  ResponseEntity<Backup> take() {
    Backup backup = backups.take();
    return ResponseEntity.created(URI.create("/api/v1/heketi/backups/" + backup.id())).body(backup);
  }

  @GetMapping(value = "/backups/{id}", produces = {MediaType.APPLICATION_OCTET_STREAM_VALUE,
      MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  @Operation(summary = "Download a kept backup, the heketi.db file Heketi sent (admin); ETag = its SHA-256")
  ResponseEntity<byte[]> download(@PathVariable String id, WebRequest request) {
    Download download = backups.download(id);
    String etag = "\"" + download.backup().sha256() + "\"";
    if (request.checkNotModified(etag)) {
      return null;
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .eTag(etag)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename("heketi-" + download.backup().id() + ".db").build().toString())
        .body(download.content());
  }

  @DeleteMapping("/backups/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a backup or a recorded attempt (admin)")
  void delete(@PathVariable String id) {
    backups.delete(id);
  }

  @GetMapping("/check")
  @Operation(summary = "Heketi's consistency check and gluster state examination, by pool",
      description = "Read-only. Findings are sorted to the cluster (and so the pool) whose objects they name;"
          + " examination.available is false when Heketi does not offer it.")
  CheckReport check() {
    return check.check();
  }
}

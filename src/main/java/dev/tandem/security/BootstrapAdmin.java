package dev.tandem.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bootstrap client {@code admin}'s secret: {@code tandem.security.admin-secret} when set (on every
 * replica alike); otherwise one secret per platform, kept encrypted in the database. The replica that
 * generates it writes it to its own {@code <data-dir>/admin.secret} (owner-only) for the operator and
 * logs where; the other replicas read it from the database and write no file. An {@code admin.secret}
 * file of an older version, found while the database holds none yet, becomes the platform's secret.
 */
@Component
class BootstrapAdmin {

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
  private static final String NAME = "admin-secret";

  private final String secret;

  BootstrapAdmin(SecurityProperties properties, StoredSecrets stored) {
    if (properties.adminSecret() != null && !properties.adminSecret().isBlank()) {
      this.secret = properties.adminSecret();
    } else if (!properties.enabled()) {
      this.secret = "";
    } else {
      this.secret = stored.find(NAME).orElseGet(() -> create(stored, properties.dataDir().resolve("admin.secret")));
    }
  }

  /** The secret; empty when authentication is off and none is configured. */
  String secret() {
    return secret;
  }

  private static String create(StoredSecrets stored, Path file) {
    boolean earlier = Files.exists(file);
    String candidate = earlier ? read(file) : Secrets.newSecret();
    String kept = stored.storeOnce(NAME, candidate);
    if (!kept.equals(candidate)) {
      if (earlier) {
        log.warn("{} is not the platform's bootstrap admin secret (another replica stored one first): it is not"
            + " used", file.toAbsolutePath());
      }
      return kept;
    }
    if (earlier) {
      log.info("the bootstrap admin secret of {} is now kept in the database for every replica", file.toAbsolutePath());
      return kept;
    }
    try {
      Secrets.createOwnerOnly(file, kept + "\n");
      log.info("generated the bootstrap admin secret, kept encrypted in the database for every replica; this replica"
          + " wrote it to {} (set tandem.security.admin-secret to choose your own)", file.toAbsolutePath());
    } catch (FileAlreadyExistsException e) {
      log.warn("generated the bootstrap admin secret, but {} appeared meanwhile and was left as it is",
          file.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bootstrap admin secret to " + file, e);
    }
    return kept;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bootstrap admin secret file " + file, e);
    }
  }
}

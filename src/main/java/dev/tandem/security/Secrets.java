package dev.tandem.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place Tandem makes secrets and the files that hold them: random secrets, and key files
 * created readable and writable by their owner only from the first byte (never written with the
 * default umask and restricted afterwards, which leaves a moment in which others may read them).
 */
public final class Secrets {

  private static final Logger log = LoggerFactory.getLogger(Secrets.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** A new random secret: 32 bytes, base64url. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Creates {@code file} (and its missing directories) owner-only, then writes {@code content}.
   * Fails with {@link FileAlreadyExistsException} when the file exists: an existing key is never
   * overwritten. On a file system without POSIX permissions the file gets that system's defaults.
   */
  public static void createOwnerOnly(Path file, String content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(file, OWNER_ONLY);
    } catch (UnsupportedOperationException e) {
      log.warn("cannot restrict the permissions of {}: the file system has no POSIX permissions", file);
      Files.createFile(file);
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Reads a generated secret, creating it (owner-only) on first use. Never logs the value. */
  public static String readOrGenerate(Path file, String what) {
    try {
      if (!Files.exists(file)) {
        String secret = newSecret();
        createOwnerOnly(file, secret + "\n");
        log.info("generated a {} in {} (set it through the environment to choose your own)", what,
            file.toAbsolutePath());
        return secret;
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (FileAlreadyExistsException e) {
      return readOrGenerate(file, what);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the " + what + " file " + file, e);
    }
  }

  private Secrets() {}
}

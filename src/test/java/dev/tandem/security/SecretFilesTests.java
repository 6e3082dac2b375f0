package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key and the bootstrap admin secret Tandem generates are owner-only files from their first byte. */
class SecretFilesTests {

  @TempDir Path dataDir;

  @Test
  void generatedMasterKeyAndAdminSecretAreNeverReadableByOthers() throws IOException {
    SecurityProperties properties = new SecurityProperties(true, null, null, dataDir, 120, false, List.of());
    SecretCipher cipher;
    try (OwnerOnlyWrites watch = new OwnerOnlyWrites(p -> p.startsWith(dataDir))) {
      cipher = new SecretCipher(properties);
      new ClientService(null, cipher, null, properties);
      assertThat(watch.written()).extracting(p -> p.getFileName().toString())
          .contains("master.key", "admin.secret");
      assertThat(watch.exposures()).isEmpty();
    }
    for (String name : new String[] {"master.key", "admin.secret"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(name))))
          .as(name).isEqualTo("rw-------");
    }
    String sealed = cipher.encrypt("a secret");
    assertThat(new SecretCipher(properties).decrypt(sealed)).as("the key is read back, not made again")
        .isEqualTo("a secret");
  }
}

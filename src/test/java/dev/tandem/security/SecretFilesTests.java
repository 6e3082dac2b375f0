package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.TandemApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On the embedded default the master key and the bootstrap admin secret Tandem generates are
 * owner-only files from their first byte, and an admin.secret of an older version is kept.
 */
class SecretFilesTests {

  @TempDir Path dataDir;

  @Test
  void generatedMasterKeyAndAdminSecretAreNeverReadableByOthers() throws IOException {
    SecurityProperties properties =
        new SecurityProperties(true, null, null, null, false, dataDir, 120, false, List.of());
    String adminSecret;
    String masterKey;
    try (OwnerOnlyWrites watch = new OwnerOnlyWrites(p -> p.startsWith(dataDir))) {
      masterKey = MasterKey.resolve(properties, false);
      try (ConfigurableApplicationContext context = start("generated")) {
        adminSecret = context.getBean(ClientService.class).key(ClientService.BOOTSTRAP_ADMIN).orElseThrow();
      }
      assertThat(watch.written()).extracting(p -> p.getFileName().toString())
          .contains("master.key", "admin.secret");
      assertThat(watch.exposures()).isEmpty();
    }
    for (String name : new String[] {"master.key", "admin.secret"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(name))))
          .as(name).isEqualTo("rw-------");
    }
    assertThat(Files.readString(dataDir.resolve("admin.secret")).strip()).isEqualTo(adminSecret);
    assertThat(MasterKey.resolve(properties, false)).as("the key is read back, not made again").isEqualTo(masterKey);
  }

  @Test
  void onPostgresNoMasterKeyIsGeneratedAndAnOlderGeneratedOneIsNamed() throws IOException {
    SecurityProperties properties =
        new SecurityProperties(true, null, null, null, false, dataDir, 120, false, List.of());
    assertThatThrownBy(() -> MasterKey.resolve(properties, true)).hasMessage(MasterKey.MISSING_ON_POSTGRES);
    assertThat(dataDir.resolve("master.key")).doesNotExist();

    Files.writeString(dataDir.resolve("master.key"), "key-of-an-older-version\n");
    assertThatThrownBy(() -> MasterKey.resolve(properties, true)).hasMessageStartingWith(MasterKey.MISSING_ON_POSTGRES)
        .hasMessageContaining("set tandem.security.master-key-file to that file on every replica")
        .hasMessageContaining(dataDir.resolve("master.key").toAbsolutePath().toString());
    SecurityProperties fromFile = new SecurityProperties(true, null, null, dataDir.resolve("master.key"), false,
        dataDir, 120, false, List.of());
    assertThat(MasterKey.resolve(fromFile, true)).isEqualTo("key-of-an-older-version");
    SecurityProperties allowed =
        new SecurityProperties(true, null, null, null, true, dataDir, 120, false, List.of());
    assertThat(MasterKey.resolve(allowed, true)).isEqualTo("key-of-an-older-version");
  }

  @Test
  void anAdminSecretFileOfAnOlderVersionStaysTheAdminSecret() throws IOException {
    Files.writeString(dataDir.resolve("admin.secret"), "secret-of-an-older-version\n");
    try (ConfigurableApplicationContext context = start("older")) {
      assertThat(context.getBean(ClientService.class).key(ClientService.BOOTSTRAP_ADMIN))
          .hasValue("secret-of-an-older-version");
    }
  }

  private ConfigurableApplicationContext start(String database) {
    return new SpringApplicationBuilder(TandemApplication.class).run("--server.port=0",
        "--spring.datasource.url=jdbc:h2:mem:secret-files-" + database + "-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "--tandem.security.admin-secret=", "--tandem.security.master-key=", "--tandem.security.data-dir=" + dataDir);
  }
}

package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.security.ClientRequest;
import dev.tandem.security.ClientService;
import dev.tandem.security.OwnerOnlyWrites;
import dev.tandem.security.Role;
import dev.tandem.security.SecretCipher;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Secrets at rest: the raw rows of the database hold no secret in plaintext, rows written in
 * plaintext by versions 1-4 are encrypted by migration 5, and Tandem's SSH key is kept in the
 * database, not in a file, while the key file of an older version becomes the platform's key. On H2 here, on PostgreSQL in {@link SecretsAtRestOnPostgresTests}.
 */
@SpringBootTest
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:secrets-at-rest;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class SecretsAtRestTests {

  static final Path KEYS = keysDirectory();

  @DynamicPropertySource
  static void keyFile(DynamicPropertyRegistry registry) {
    registry.add("tandem.provisioning.ssh-key-file", () -> KEYS.resolve("tandem_ssh_key").toString());
  }

  @Autowired PlatformSecrets secrets;
  @Autowired ClientService clients;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired SecretCipher cipher;
  @Autowired ObjectProvider<JavaMigration> javaMigrations;

  @Test
  void noSecretIsStoredInPlaintext() {
    HeketiSecrets heketi = secrets.heketi();
    String tandemKey = secrets.tandemPublicKey().split(" ")[1];
    secrets.put("heketi-url", "http://heketi.storage.example:8080");
    String client = "rest-" + Long.toHexString(System.nanoTime());
    String clientSecret = clients.create(new ClientRequest(client, Role.VIEWER, List.of())).secret();

    List<String> stored = jdbc.queryForList("select secret_value from platform_secret", String.class);
    stored.addAll(jdbc.queryForList("select secret_encrypted from client", String.class));
    stored.addAll(jdbc.queryForList("select secret_value from security_secret", String.class));
    assertThat(stored).isNotEmpty().allSatisfy(value -> assertThat(value)
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(heketi.adminKey()).doesNotContain(heketi.userKey())
        .doesNotContain(heketi.sshPublicKey().split(" ")[1])
        .doesNotContain(tandemKey)
        .doesNotContain("heketi.storage.example")
        .doesNotContain(clientSecret));
    assertThat(secrets.find("heketi-url")).as("read back through the API").hasValue("http://heketi.storage.example:8080");
    assertThat(secrets.heketi()).isEqualTo(heketi);
    assertThat(heketi.sshPrivateKey()).contains("PRIVATE KEY");
  }

  @Test
  void migrationFiveEncryptsTheRowsEarlierVersionsStoredInPlaintext() {
    String schema = "v4_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String table = "\"" + schema + "\".platform_secret";
    try {
      Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration").target("4")
          .load().migrate();
      Map<String, String> plaintext = Map.of("heketi-admin-key", "plain-admin-key", "heketi-ssh-private",
          "-----BEGIN RSA PRIVATE KEY-----\nplain\n-----END RSA PRIVATE KEY-----\n", "heketi-url",
          "http://heketi.storage.example:8080");
      plaintext.forEach((name, value) -> jdbc.update("insert into " + table + " (name, secret_value) values (?, ?)",
          name, value));

      Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration")
          .javaMigrations(javaMigrations.orderedStream().toArray(JavaMigration[]::new))
          .load().migrate();

      plaintext.forEach((name, value) -> {
        String stored = jdbc.queryForObject("select secret_value from " + table + " where name = ?", String.class,
            name);
        assertThat(stored).doesNotContain(value).doesNotContain("PRIVATE KEY");
        assertThat(cipher.decrypt(stored)).isEqualTo(value);
      });
    } finally {
      jdbc.execute("drop schema if exists \"" + schema + "\" cascade");
    }
  }

  @Test
  void tandemsSshKeyIsKeptInTheDatabaseAndNoKeyFileIsWritten() throws IOException {
    forgetTandemsKey();
    try (OwnerOnlyWrites watch = new OwnerOnlyWrites(p -> p.startsWith(KEYS))) {
      assertThat(new String(secrets.tandemPrivateKey())).contains("PRIVATE KEY");
      assertThat(watch.written()).as("no key file").isEmpty();
    }
    assertThat(jdbc.queryForObject("select secret_value from platform_secret where name = 'tandem-ssh-private'",
        String.class)).doesNotContain("PRIVATE KEY");
    assertThat(secrets.tandemPublicKey()).startsWith("ssh-rsa ").isEqualTo(secrets.tandemPublicKey());
  }

  @Test
  void anSshKeyFileOfAnOlderVersionBecomesThePlatformsKey() throws Exception {
    for (boolean withPublicFile : new boolean[] {true, false}) {
      forgetTandemsKey();
      KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 3072);
      ByteArrayOutputStream priv = new ByteArrayOutputStream();
      ByteArrayOutputStream pub = new ByteArrayOutputStream();
      pair.writePrivateKey(priv);
      pair.writePublicKey(pub, "tandem");
      Files.write(KEYS.resolve("tandem_ssh_key"), priv.toByteArray());
      if (withPublicFile) {
        Files.write(KEYS.resolve("tandem_ssh_key.pub"), pub.toByteArray());
      }
      String publicKey = pub.toString(StandardCharsets.UTF_8).strip();

      assertThat(secrets.tandemPrivateKey()).isEqualTo(priv.toByteArray());
      assertThat(secrets.tandemPublicKey().split(" ")[1]).as("with .pub: " + withPublicFile)
          .isEqualTo(publicKey.split(" ")[1]);
      Files.delete(KEYS.resolve("tandem_ssh_key"));
      assertThat(secrets.tandemPrivateKey()).as("kept in the database").isEqualTo(priv.toByteArray());
    }
  }

  private void forgetTandemsKey() throws IOException {
    jdbc.update("delete from platform_secret where name like 'tandem-ssh-%'");
    Files.deleteIfExists(KEYS.resolve("tandem_ssh_key"));
    Files.deleteIfExists(KEYS.resolve("tandem_ssh_key.pub"));
  }

  private static Path keysDirectory() {
    try {
      return Files.createTempDirectory("tandem-keys");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

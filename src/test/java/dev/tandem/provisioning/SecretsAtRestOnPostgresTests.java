package dev.tandem.provisioning;

import dev.tandem.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Secrets at rest on a real PostgreSQL (see {@link TestPostgres}). */
class SecretsAtRestOnPostgresTests extends SecretsAtRestTests {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    TestPostgres.register(registry);
  }
}

package dev.tandem.web;

import dev.tandem.TestPostgres;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Database refusals answered with their real cause, on a real PostgreSQL (see {@link TestPostgres}). */
@Import(IntegrityProblemsTests.Writes.class)
class IntegrityProblemsOnPostgresTests extends IntegrityProblemsTests {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    TestPostgres.register(registry);
  }
}

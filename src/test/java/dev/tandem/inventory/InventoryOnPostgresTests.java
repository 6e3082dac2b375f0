package dev.tandem.inventory;

import dev.tandem.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The inventory contract on a real PostgreSQL (started by .ci/run; see {@link TestPostgres}). */
class InventoryOnPostgresTests extends InventoryApiContract {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    TestPostgres.register(registry);
  }
}

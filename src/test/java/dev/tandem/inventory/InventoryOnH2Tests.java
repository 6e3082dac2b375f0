package dev.tandem.inventory;

import org.springframework.test.context.TestPropertySource;

/** The inventory contract on the embedded default database, H2 (in memory here). */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class InventoryOnH2Tests extends InventoryApiContract {}

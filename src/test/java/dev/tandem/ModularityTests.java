package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Module dependencies point one way (ARCHITECTURE.md §2), and subpackages stay internal. */
class ModularityTests {

  @Test
  void modulesDependOnEachOtherOnlyAsDeclared() {
    ApplicationModules modules = ApplicationModules.of(TandemApplication.class);
    assertThat(modules.getModuleByName("inventory")).isPresent();
    assertThat(modules.getModuleByName("web")).isPresent();
    modules.verify();
  }
}

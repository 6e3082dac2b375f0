package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/** Starting Tandem prints no secret: no generated password, no admin secret, no master key. */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"spring.datasource.url=jdbc:h2:mem:logs;DB_CLOSE_DELAY=-1",
    "logging.level.org.springframework.boot.autoconfigure=INFO", "logging.level.org.springframework.boot=INFO"})
class NoSecretInLogTests {

  @Test
  void startUpLogsNoSecret(CapturedOutput output) {
    assertThat(output.getAll()).doesNotContain("generated security password").doesNotContain("test-admin-secret")
        .doesNotContain("test-master-key");
  }
}

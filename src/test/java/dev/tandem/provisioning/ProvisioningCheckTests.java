package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The parts of a drift report's host check that need no host. */
class ProvisioningCheckTests {

  @Test
  void aFindingShowsTheFirstTwentyCommandsAStepWouldRunAndCountsTheRest() {
    List<String> commands = IntStream.range(0, 25).mapToObj(i -> "mkdir -p /d" + i).toList();

    List<String> shown = ProvisioningCheck.capped(commands);

    assertThat(shown).hasSize(21).startsWith("mkdir -p /d0").contains("mkdir -p /d19").endsWith("… 5 more");
    assertThat(ProvisioningCheck.capped(commands.subList(0, 20))).isEqualTo(commands.subList(0, 20));
  }
}

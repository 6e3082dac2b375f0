package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiProperties;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The last step of restore-heketi-db as a job runs it: it waits for the Heketi Tandem uses to answer,
 * and the job fails when Heketi never answers or the drift report could not read it.
 */
class HeketiRestoreTests {

  static final URI HEKETI = URI.create("http://127.0.0.1:9/");

  HeketiClient heketi = mock(HeketiClient.class);
  ProvisioningProperties properties = mock(ProvisioningProperties.class);
  HeketiEndpoints endpoints;
  List<StepContext.Entry> log = new ArrayList<>();
  List<String> reports = new ArrayList<>();

  HeketiRestoreTests() {
    when(heketi.url()).thenReturn(HEKETI);
    when(properties.heketiStartTimeout()).thenReturn(Duration.ofMillis(1));
    endpoints = new HeketiEndpoints(heketi, mock(PlatformSecrets.class), properties, mock(HeketiProperties.class),
        mock(CoordinationProperties.class));
  }

  @Test
  void whenHeketiDoesNotAnswerAfterTheRestartTheStepFailsSayingSoAndMakesNoReport() {
    when(heketi.answersHello(any(), any())).thenReturn(false);

    assertThatThrownBy(() -> HeketiRestore.driftReport().body().run(context(true)))
        .isInstanceOf(StepFailed.class)
        .hasMessageContaining("Heketi does not answer at " + HEKETI + " within PT0.001S")
        .hasMessageContaining("docker logs gluster-heketi");
    assertThat(reports).as("no report made of a Heketi that does not answer").isEmpty();
    assertThat(log).extracting(StepContext.Entry::text).containsExactly("wait until Heketi answers GET /hello");
  }

  @Test
  void aReportThatCouldNotReadHeketiFailsTheStep() {
    when(heketi.answersHello(any(), any())).thenReturn(true);

    assertThatThrownBy(() -> HeketiRestore.driftReport().body().run(context(false)))
        .isInstanceOf(StepFailed.class)
        .hasMessageContaining("the drift report could not read Heketi, so the restore is not done");
    assertThat(reports).hasSize(1);
  }

  @Test
  void aHeketiThatAnswersAndIsReadEndsTheRestore() {
    when(heketi.answersHello(any(), any())).thenReturn(true);

    assertThat(HeketiRestore.driftReport().body().run(context(true))).isEqualTo(Step.Outcome.UNCHANGED);
    assertThat(log).extracting(StepContext.Entry::output)
        .containsExactly("Heketi answers at " + HEKETI, "stored (GET /api/v1/drift): 0 findings; Heketi: Heketi read");
  }

  private StepContext context(boolean heketiRead) {
    return new StepContext(null, null, null, "", Set.of(), log::add, () -> null, (h, j) -> null)
        .withHeketiAnswers(endpoints::awaitAnswer)
        .withDriftReports(() -> {
          String heketi = heketiRead ? "Heketi read" : "Heketi was not read: connection refused";
          reports.add(heketi);
          return new DriftReports.Made("stored (GET /api/v1/drift): 0 findings; Heketi: " + heketi, !heketiRead);
        });
  }
}

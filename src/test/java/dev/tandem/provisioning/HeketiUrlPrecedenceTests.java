package dev.tandem.provisioning;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.Transcripts;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An explicitly configured Heketi URL wins over the one deploy-heketi records, at start and after a deploy. */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class HeketiUrlPrecedenceTests {

  static final WireMockServer CONFIGURED = started();
  static final WireMockServer DEPLOYED = started();

  @DynamicPropertySource
  static void explicitUrl(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:precedence;DB_CLOSE_DELAY=-1");
    registry.add("tandem.heketi.url", CONFIGURED::baseUrl);
    registry.add("tandem.provisioning.heketi-start-timeout", () -> "1s");
  }

  @AfterAll
  static void stop() {
    CONFIGURED.stop();
    DEPLOYED.stop();
  }

  @Autowired HeketiEndpoints endpoints;
  @Autowired HeketiClient heketi;
  @Autowired PlatformSecrets secrets;

  @Test
  void theConfiguredUrlWinsOverTheRecordedOneAtStart(CapturedOutput log) {
    secrets.heketi();
    secrets.put("heketi-url", DEPLOYED.baseUrl());

    endpoints.restore();

    assertThat(heketi.url()).isEqualTo(URI.create(CONFIGURED.baseUrl()));
    assertThat(log.getOut()).contains("Heketi: using " + CONFIGURED.baseUrl()
        + " from tandem.heketi.url (explicit configuration wins over " + DEPLOYED.baseUrl());
    assertThat(log.getOut()).doesNotContain(secrets.heketi().adminKey());
  }

  @Test
  void aDeployedHeketiIsRecordedButTheConfiguredOneStaysInUse() {
    DEPLOYED.stubFor(get("/hello").willReturn(Transcripts.response("clusters.json", "hello")));

    StepContext.PlatformResult result = endpoints.use(URI.create(DEPLOYED.baseUrl() + "/"));

    assertThat(result.message()).contains("recorded").contains("explicit configuration wins");
    assertThat(heketi.url()).isEqualTo(URI.create(CONFIGURED.baseUrl()));
    assertThat(secrets.find("heketi-url")).hasValue(DEPLOYED.baseUrl() + "/");
  }

  private static WireMockServer started() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return server;
  }
}

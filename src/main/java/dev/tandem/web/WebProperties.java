package dev.tandem.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-cutting HTTP settings ({@code tandem.web.*}).
 *
 * @param maxBody the largest request body each route class takes
 */
@Validated
@ConfigurationProperties("tandem.web")
public record WebProperties(@DefaultValue @Valid MaxBody maxBody) {

  /**
   * Request body limits, enforced while the body is read and before authentication ({@link BodyLimitFilter}).
   *
   * @param heketi the Heketi-compatible API at the root paths (Heketi's own bodies are a few hundred bytes),
   *     and any other path outside /api
   * @param api Tandem's API under /api, except the platform spec
   * @param platform the whole platform spec ({@code PUT /api/v1/platform})
   */
  public record MaxBody(
      @NotNull @DefaultValue("64KB") DataSize heketi,
      @NotNull @DefaultValue("1MB") DataSize api,
      @NotNull @DefaultValue("16MB") DataSize platform) {}
}

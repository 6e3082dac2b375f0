package dev.tandem.inventory;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Where the one Heketi server runs: a host, on host networking, and its port. */
public record HeketiSpec(
    @Schema(example = "node1") @NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
        String host,
    @Schema(defaultValue = "8080") @Min(1) @Max(65535) Integer port,
    @Schema(defaultValue = DEFAULT_IMAGE) @Size(max = 255) @Pattern(regexp = Names.IMAGE, message = Names.IMAGE_HINT)
        String image) {

  public static final String DEFAULT_IMAGE = "rhgs3/rhgs-volmanager-rhel7";

  public HeketiSpec {
    port = port == null ? 8080 : port;
    image = image == null ? DEFAULT_IMAGE : image;
  }
}

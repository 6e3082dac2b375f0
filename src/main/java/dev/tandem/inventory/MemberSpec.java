package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A pool's gluster container on one host, with its fixed IP on the pool network and its zone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberSpec(
    @Schema(example = "node1") @NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
        String host,
    @Schema(example = "gluster-ocp-1") @NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
        String container,
    @Schema(example = "192.168.199.28") @NotNull @IpAddress String ip,
    @Schema(description = "Heketi failure zone", defaultValue = "1") @Min(1) @Max(1000) Integer zone,
    @Schema(description = "Overrides the pool's host interface on this host", example = "eth1.199")
        @JsonProperty("interface")
        @Pattern(regexp = Names.INTERFACE, message = Names.INTERFACE_HINT)
        String hostInterface) {

  public MemberSpec {
    zone = zone == null ? 1 : zone;
  }
}

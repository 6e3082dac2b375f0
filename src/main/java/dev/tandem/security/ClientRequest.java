package dev.tandem.security;

import dev.tandem.inventory.Names;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A client to register: its name (the JWT issuer, the Basic user), role and, for role pool, its pools. */
public record ClientRequest(
    @Schema(example = "ocp") @NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String name,
    @Schema(example = "pool") @NotNull Role role,
    @Schema(example = "[\"gluster-ocp\"]") @Size(max = 64)
        List<@NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String> pools) {

  public ClientRequest {
    pools = pools == null ? List.of() : List.copyOf(pools.stream().filter(java.util.Objects::nonNull).toList());
  }
}

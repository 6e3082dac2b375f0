package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A network interface of a host: physical, a VLAN sub-interface, or a macvlan shim. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterfaceSpec(
    @Schema(example = "eth1.199") @NotNull @Pattern(regexp = Names.INTERFACE, message = Names.INTERFACE_HINT)
        String name,
    @Schema(defaultValue = "physical") InterfaceKind kind,
    @Schema(description = "The interface this one sits on (VLAN and macvlan-shim only)", example = "eth1")
        @Pattern(regexp = Names.INTERFACE, message = Names.INTERFACE_HINT)
        String parent,
    @Schema(description = "802.1Q VLAN id (VLAN only)", example = "199") @Min(1) @Max(4094) Integer vlanId,
    @Schema(description = "The interface's address with prefix length", example = "192.168.199.128/24")
        @IpAddress(prefix = true)
        String address) {

  public InterfaceSpec {
    kind = kind == null ? InterfaceKind.PHYSICAL : kind;
  }
}

package dev.tandem.inventory;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A device given to a pool: a device belongs to exactly one pool. */
public record PoolDeviceSpec(
    @Schema(example = "node1") @NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
        String host,
    @Schema(example = "/dev/sdc") @NotNull @Pattern(regexp = Names.DEVICE_PATH, message = Names.DEVICE_PATH_HINT)
        String device) {}

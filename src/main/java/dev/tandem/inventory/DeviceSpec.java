package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A block device of a host. The path names it today; the stable id (WWN, serial or by-id name)
 * recognises it after a reboot has moved the /dev/sdX names around.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceSpec(
    @Schema(example = "/dev/sdb") @NotNull @Pattern(regexp = Names.DEVICE_PATH, message = Names.DEVICE_PATH_HINT)
        String path,
    @Schema(description = "WWN, serial or by-id name", example = "wwn-0x5000c500a1b2c3d4")
        @Pattern(regexp = STABLE_ID, message = STABLE_ID_HINT)
        String stableId,
    @PositiveOrZero Long sizeBytes,
    Boolean rotational,
    @Schema(defaultValue = "free") DeviceState state,
    @Schema(
            description =
                "What discovery found on the device (filesystem, partitions, mounts); a device with a"
                    + " signature is not assigned to a pool until it is wiped")
        @Pattern(regexp = SIGNATURE, message = SIGNATURE_HINT)
        String signature) {

  static final String STABLE_ID = "^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,254}$";
  static final String STABLE_ID_HINT =
      "must be a WWN, serial or by-id name of letters, digits, '_', '.', ':', '+' or '-', at most 255";
  static final String SIGNATURE = "^[A-Za-z0-9 _.,:=/+()-]{1,255}$";
  static final String SIGNATURE_HINT =
      "must be 1-255 letters, digits, spaces or _ . , : = / + ( ) - (e.g. xfs, partitions: sdb1)";

  public DeviceSpec {
    state = state == null ? DeviceState.FREE : state;
  }
}

package dev.tandem.storage;

import dev.tandem.inventory.Durability;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A volume to create in a pool. Options reach {@code gluster volume set} through Heketi's SSH
 * executor, so keys and values are restricted to characters no shell treats specially.
 */
public record VolumeRequest(
    @Schema(example = "rhv-hosted-engine") @NotNull
        @Pattern(regexp = NAME, message = "must be 1-128 letters, digits, '_' or '-' (Heketi's volume names)")
        String name,
    @Schema(example = "100") @NotNull @Min(1) @Max(1_048_576) Integer sizeGiB,
    @Schema(description = "Default: the pool's durability", example = "replicate:3")
        @Pattern(regexp = Durability.PATTERN, message = Durability.HINT)
        String durability,
    @Schema(description = "Group id owning the volume's root", example = "2001") @Min(0) @Max(2_147_483_646) Long gid,
    @Schema(description = "Snapshot reserve factor (1-100); absent: snapshots off") @DecimalMin("1") @DecimalMax("100")
        Double snapshotFactor,
    @Schema(description = "Gluster options added on top of the pool's profile, as key-value strings",
            example = "[\"performance.cache-size 256MB\"]")
        @Size(max = 64)
        List<@NotNull @Pattern(regexp = OPTION, message = OPTION_HINT) String> options,
    @Schema(description = "Where fstab mounts it; default from tandem.mount-pattern", example = "/rhev/he")
        @Pattern(regexp = MOUNT_POINT, message = "must be an absolute path of letters, digits, '_', '.', '-' and '/'"
            + ", without '..' (e.g. /mnt/gluster/vms)")
        String mountPoint) {

  static final String NAME = "^[a-zA-Z0-9_-]{1,128}$";
  /** A gluster volume option as Tandem passes it on: it reaches {@code gluster volume set} on a host. */
  public static final String OPTION = "^[a-z0-9][a-z0-9_.-]{0,127} [A-Za-z0-9_.,:/=+-]{1,255}$";
  public static final String OPTION_HINT = "must be \"key value\": a lowercase option key, one space, and a value of letters,"
      + " digits and _ . , : / = + - (e.g. performance.cache-size 256MB)";
  static final String MOUNT_POINT = "^(?!.*/\\.\\.(/|$))/[A-Za-z0-9_./-]{0,254}$";

  public VolumeRequest {
    options = options == null ? List.of() : List.copyOf(options.stream().filter(java.util.Objects::nonNull).toList());
  }
}

package dev.tandem.provisioning;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.inventory.Names;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A job to run (or, with dryRun, to plan).
 *
 * @param pools the pools it concerns (default: all)
 * @param hosts the hosts it concerns (default: all)
 * @param replaceDrifted replace a container that exists with another spec (otherwise: reported, step fails)
 * @param systemdUnits also install the runbook's systemd units for the containers
 * @param confirm required by teardown-pool, wipe-devices and restore-heketi-db
 * @param stopOnFailure a failed host stops the others too (by default they go on)
 * @param devices for wipe-devices: the device paths to wipe on the named hosts
 * @param backup for restore-heketi-db: the id of the kept backup to put back (GET /api/v1/heketi/backups)
 * @param with for replace-device: the free, empty device of the same host that takes the
 *     place of the pool's device named in {@code devices}
 * @param release for replace-device and remove-device: what the inventory records the old device as (default failed)
 * @param image for roll-pool: the image the pool's containers are recreated from (default: the pool's); a roll
 *     of every member records it as the pool's image in the inventory
 */
public record JobRequest(
    @Schema(example = "provision-platform") @NotNull Type type,
    @Size(max = 64) List<@NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String> pools,
    @Size(max = 200) List<@NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String> hosts,
    Boolean dryRun, Boolean replaceDrifted, Boolean systemdUnits, Boolean confirm, Boolean stopOnFailure,
    @Size(max = 64) List<@NotNull @Pattern(regexp = Names.DEVICE_PATH, message = Names.DEVICE_PATH_HINT) String> devices,
    @Schema(example = "7") @Pattern(regexp = "[0-9]{1,18}", message = "a backup's id (GET /api/v1/heketi/backups)")
        String backup,
    @Schema(example = "/dev/sdh") @Pattern(regexp = Names.DEVICE_PATH, message = Names.DEVICE_PATH_HINT) String with,
    Release release,
    @Schema(example = "registry.example.com/gluster/server:10.4") @Size(max = 255)
        @Pattern(regexp = Names.IMAGE, message = Names.IMAGE_HINT) String image) {

  /** What a replaced or removed device becomes in the inventory. */
  public enum Release {
    /** Broken: never assigned again until marked free. */
    @JsonProperty("failed")
    FAILED,
    /** Available for a pool again. */
    @JsonProperty("free")
    FREE
  }

  public enum Type {
    @JsonProperty("prepare-hosts")
    PREPARE_HOSTS,
    @JsonProperty("deploy-pool")
    DEPLOY_POOL,
    @JsonProperty("deploy-heketi")
    DEPLOY_HEKETI,
    @JsonProperty("provision-platform")
    PROVISION_PLATFORM,
    @JsonProperty("discover-devices")
    DISCOVER_DEVICES,
    @JsonProperty("teardown-pool")
    TEARDOWN_POOL,
    @JsonProperty("wipe-devices")
    WIPE_DEVICES,
    @JsonProperty("restore-heketi-db")
    RESTORE_HEKETI_DB,
    @JsonProperty("replace-device")
    REPLACE_DEVICE,
    @JsonProperty("remove-device")
    REMOVE_DEVICE,
    @JsonProperty("roll-pool")
    ROLL_POOL;

    String wire() {
      return name().toLowerCase().replace('_', '-');
    }

    /** Its hosts run one after the other, in plan order, and a failed host stops the job. */
    boolean oneHostAtATime() {
      return this == ROLL_POOL;
    }
  }

  public JobRequest {
    pools = pools == null ? List.of() : List.copyOf(pools);
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    dryRun = dryRun != null && dryRun;
    replaceDrifted = replaceDrifted != null && replaceDrifted;
    systemdUnits = systemdUnits != null && systemdUnits;
    confirm = confirm != null && confirm;
    stopOnFailure = stopOnFailure != null && stopOnFailure;
    devices = devices == null ? List.of() : List.copyOf(devices);
    release = release == null ? Release.FAILED : release;
  }
}

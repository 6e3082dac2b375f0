package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A Gluster pool: its own network, containers (one per member host) and devices. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolSpec(
    @Schema(example = "gluster-ocp") @NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
        String name,
    @Schema(defaultValue = "generic") PoolPurpose purpose,
    @Schema(example = "192.168.199.0/24") @NotNull @IpAddress(network = true) String subnet,
    @Schema(example = "192.168.199.1") @IpAddress String gateway,
    @Schema(description = "The host interface the pool's macvlan network sits on", example = "eth1.199")
        @JsonProperty("interface")
        @NotNull
        @Pattern(regexp = Names.INTERFACE, message = Names.INTERFACE_HINT)
        String hostInterface,
    @Schema(description = "Docker network name; default <pool>-net", example = "gluster-ocp-net")
        @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
        String dockerNetwork,
    @Schema(defaultValue = DEFAULT_IMAGE) @Size(max = 255) @Pattern(regexp = Names.IMAGE, message = Names.IMAGE_HINT)
        String image,
    @Schema(defaultValue = "privileged") PrivilegeMode privilegeMode,
    @Schema(description = "sshd port inside every gluster container", defaultValue = "2222")
        @Min(1)
        @Max(65535)
        Integer sshPort,
    @Schema(defaultValue = Durability.DEFAULT) @Pattern(regexp = Durability.PATTERN, message = Durability.HINT)
        String durability,
    @Schema(description = "Volume options merged into every volume; default from the purpose") OptionProfile optionProfile,
    @Schema(
            description =
                "Accept fewer members in distinct zones than the durability needs (bring-up or lab"
                    + " only: replicas may then share a failure domain)",
            defaultValue = "false")
        Boolean allowDegradedDurability,
    @Size(max = 256) List<@NotNull @Valid MemberSpec> members,
    @Size(max = 4096) List<@NotNull @Valid PoolDeviceSpec> devices) {

  public static final String DEFAULT_IMAGE = "rhgs3/rhgs-server-rhel7";

  public PoolSpec {
    purpose = purpose == null ? PoolPurpose.GENERIC : purpose;
    dockerNetwork = dockerNetwork == null && name != null && name.length() <= 59 ? name + "-net" : dockerNetwork;
    image = image == null ? DEFAULT_IMAGE : image;
    privilegeMode = privilegeMode == null ? PrivilegeMode.PRIVILEGED : privilegeMode;
    sshPort = sshPort == null ? 2222 : sshPort;
    durability = durability == null ? Durability.DEFAULT : durability;
    optionProfile = optionProfile == null ? OptionProfile.defaultFor(purpose) : optionProfile;
    allowDegradedDurability = allowDegradedDurability != null && allowDegradedDurability;
    members = Lists.of(members);
    devices = Lists.of(devices);
  }

  public PoolSpec withMembers(List<MemberSpec> members) {
    return new PoolSpec(name, purpose, subnet, gateway, hostInterface, dockerNetwork, image, privilegeMode,
        sshPort, durability, optionProfile, allowDegradedDurability, members, devices);
  }

  public PoolSpec withImage(String image) {
    return new PoolSpec(name, purpose, subnet, gateway, hostInterface, dockerNetwork, image, privilegeMode,
        sshPort, durability, optionProfile, allowDegradedDurability, members, devices);
  }

  public PoolSpec withDevices(List<PoolDeviceSpec> devices) {
    return new PoolSpec(name, purpose, subnet, gateway, hostInterface, dockerNetwork, image, privilegeMode,
        sshPort, durability, optionProfile, allowDegradedDurability, members, devices);
  }
}

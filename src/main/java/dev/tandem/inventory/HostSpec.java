package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** A bare-metal host running a Docker engine and sshd. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostSpec(
    @Schema(example = "node1") @NotNull @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
        String name,
    @Schema(description = "Management address Tandem reaches the host's sshd on", example = "192.168.99.128")
        @NotNull
        @Size(max = 253)
        @Pattern(regexp = Names.ADDRESS, message = Names.ADDRESS_HINT)
        String address,
    @Schema(defaultValue = "root") @Pattern(regexp = Names.USER, message = Names.USER_HINT) String sshUser,
    @Schema(defaultValue = "22") @Min(1) @Max(65535) Integer sshPort,
    @Schema(
            description =
                "The host's Docker engine: unix:///path (an engine local to Tandem) or tcp://host:port (TLS"
                    + " with the certificates in tandem.provisioning.docker-tls-dir/<host>); absent:"
                    + " tandem.provisioning.default-docker-endpoint")
        @Pattern(regexp = DOCKER_ENDPOINT, message = DOCKER_ENDPOINT_HINT)
        String dockerEndpoint,
    @Size(max = 32) Map<@Pattern(regexp = Names.LABEL, message = Names.LABEL_HINT) String,
            @NotNull @Pattern(regexp = Names.LABEL, message = Names.LABEL_HINT) String>
        labels,
    @Size(max = 64) List<@NotNull @Valid InterfaceSpec> interfaces,
    @Size(max = 256) List<@NotNull @Valid DeviceSpec> devices) {

  static final String DOCKER_ENDPOINT =
      "^(?=.{1,255}$)(unix:///[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*|tcp://[A-Za-z0-9.-]{1,253}:[0-9]{1,5})$";

  static final String DOCKER_ENDPOINT_HINT =
      "must be unix:///path/to/docker.sock or tcp://host:port, or be left out to use Tandem's default"
          + " endpoint";

  public HostSpec {
    sshUser = sshUser == null ? "root" : sshUser;
    sshPort = sshPort == null ? 22 : sshPort;
    labels = Lists.sorted(labels);
    interfaces = Lists.of(interfaces);
    devices = Lists.of(devices);
  }

  public HostSpec withInterfaces(List<InterfaceSpec> interfaces) {
    return new HostSpec(name, address, sshUser, sshPort, dockerEndpoint, labels, interfaces, devices);
  }

  public HostSpec withDevices(List<DeviceSpec> devices) {
    return new HostSpec(name, address, sshUser, sshPort, dockerEndpoint, labels, interfaces, devices);
  }
}

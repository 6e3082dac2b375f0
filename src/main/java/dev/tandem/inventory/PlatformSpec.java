package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The whole platform as one declarative document: applying it makes the inventory match it exactly,
 * and exporting the inventory gives it back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The whole platform: hosts, pools and the Heketi server's place")
public record PlatformSpec(
    List<@NotNull @Valid HostSpec> hosts,
    List<@NotNull @Valid PoolSpec> pools,
    @Valid HeketiSpec heketi) {

  public static final PlatformSpec EMPTY = new PlatformSpec(null, null, null);

  public PlatformSpec {
    hosts = Lists.of(hosts);
    pools = Lists.of(pools);
  }

  public PlatformSpec withHosts(List<HostSpec> hosts) {
    return new PlatformSpec(hosts, pools, heketi);
  }

  public PlatformSpec withPools(List<PoolSpec> pools) {
    return new PlatformSpec(hosts, pools, heketi);
  }
}

package dev.tandem.storage;

import dev.tandem.inventory.Names;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pools/{pool}")
@Tag(name = "outputs", description = "What users paste as it is: fstab lines and StorageClass manifests")
class OutputController {

  private final VolumeViews volumes;
  private final StorageClasses storageClasses;

  OutputController(VolumeViews volumes, StorageClasses storageClasses) {
    this.volumes = volumes;
    this.storageClasses = storageClasses;
  }

  @GetMapping(value = "/fstab", produces = "text/plain")
  @Operation(summary = "fstab lines for every volume of the pool (Gluster native client, backup volfile servers)")
  String fstab(@PathVariable String pool) {
    return volumes.list(pool).stream()
        .filter(v -> v.mount() != null && v.mount().fstab() != null)
        .map(v -> v.mount().fstab() + "\n")
        .collect(Collectors.joining());
  }

  @GetMapping(value = "/volumes/{name}/fstab", produces = "text/plain")
  @Operation(summary = "The fstab line of one volume")
  String volumeFstab(@PathVariable String pool, @PathVariable String name) {
    return volumes.volume(pool, name).mount().fstab() + "\n";
  }

  @GetMapping(value = "/storageclass", produces = "application/yaml")
  @Operation(summary = "A StorageClass (and its Secret) for the Kubernetes glusterfs provisioner, clusterid = the pool",
      description = "restuser names an existing client (default: the pool's name); the Secret carries no key. POST"
          + " issues a pool-scoped credential and prints its key in the Secret.")
  String storageClass(@PathVariable String pool,
      @RequestParam(required = false) @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String name,
      @RequestParam(required = false) @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String user,
      @RequestParam(defaultValue = "default") @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
          String namespace,
      @RequestParam(required = false) @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
          String secretName) {
    return storageClasses.render(pool, name, user, namespace, secretName, null);
  }
}

package dev.tandem.proxy;

import dev.tandem.inventory.Names;
import dev.tandem.security.ClientRequest;
import dev.tandem.security.ClientService;
import dev.tandem.security.ClientView;
import dev.tandem.security.Role;
import dev.tandem.storage.StorageClasses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pools/{pool}")
@Tag(name = "outputs")
class ConsumerAccessController {

  private final ClientService clients;
  private final StorageClasses storageClasses;

  ConsumerAccessController(ClientService clients, StorageClasses storageClasses) {
    this.clients = clients;
    this.storageClasses = storageClasses;
  }

  @PostMapping(value = "/storageclass", produces = "application/yaml")
  @Operation(summary = "Issue a credential scoped to this pool and print the StorageClass with its key",
      description = "Creates the pool client (default name <pool>-provisioner), or gives an existing one a new"
          + " secret, and answers the StorageClass and its Secret with the key. The key is shown only here.")
  ResponseEntity<String> issue(@PathVariable String pool,
      @RequestParam(required = false) @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String client,
      @RequestParam(required = false) @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT) String name,
      @RequestParam(defaultValue = "default") @Pattern(regexp = Names.DNS_LABEL, message = Names.DNS_LABEL_HINT)
          String namespace) {
    String clientName = client != null ? client : defaultClient(pool);
    ClientView issued;
    try {
      ClientView existing = clients.get(clientName);
      if (existing.role() != Role.POOL || !existing.pools().equals(Set.of(pool))) {
        throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
            "client " + clientName + " exists and is not scoped to exactly pool " + pool), null);
      }
      issued = clients.rotate(clientName);
    } catch (ErrorResponseException e) {
      if (e.getStatusCode().value() != 404) {
        throw e;
      }
      issued = clients.create(new ClientRequest(clientName, Role.POOL, List.of(pool)));
    }
    return ResponseEntity.ok(storageClasses.render(pool, name, issued.name(), namespace, null, issued.secret()));
  }

  /** {@code <pool>-provisioner}, when that is a client name; a long pool name needs ?client= instead (422). */
  private static String defaultClient(String pool) {
    String name = pool + "-provisioner";
    if (pool.matches(Names.DNS_LABEL) && name.length() > 63) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, "client: the default"
          + " client name " + name + " has " + name.length() + " characters; a client name has at most 63");
      problem.setType(URI.create("urn:tandem:problem:name-too-long"));
      problem.setTitle("The request cannot be carried out");
      problem.setProperty("errors", List.of(Map.of("field", "client", "message", problem.getDetail(),
          "fix", "name the client: ?client=<a DNS label of at most 63 characters>")));
      throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null);
    }
    return name;
  }
}

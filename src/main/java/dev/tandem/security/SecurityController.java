package dev.tandem.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "security", description = "Clients of both APIs (admin only) and the audit log")
class SecurityController {

  private final ClientService clients;
  private final AuditLog audit;

  SecurityController(ClientService clients, AuditLog audit) {
    this.clients = clients;
    this.audit = audit;
  }

  @PostMapping("/clients")
  @Operation(summary = "Register a client; its secret is in this answer and never again")
  ResponseEntity<ClientView> create(@Valid @RequestBody ClientRequest request) {
    ClientView created = clients.create(request);
    return ResponseEntity.created(URI.create("/api/v1/clients/" + created.name())).body(created);
  }

  @GetMapping("/clients")
  @Operation(summary = "List clients (never their secrets)")
  List<ClientView> list() {
    return clients.list();
  }

  @GetMapping("/clients/{name}")
  @Operation(summary = "Read a client")
  ClientView get(@PathVariable String name) {
    return clients.get(name);
  }

  @PostMapping("/clients/{name}/rotate")
  @Operation(summary = "Give a client a new secret (in this answer only); the old one stops working")
  ClientView rotate(@PathVariable String name) {
    return clients.rotate(name);
  }

  @DeleteMapping("/clients/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke a client")
  void revoke(@PathVariable String name) {
    clients.revoke(name);
  }

  @GetMapping("/whoami")
  @Operation(summary = "The caller: its client name, role and pools (any authenticated client)")
  Caller whoami(Authentication auth) {
    return auth != null && auth.getPrincipal() instanceof Caller caller ? caller
        : new Caller("anonymous", Role.ADMIN, Set.of());   // authentication off: everyone is admin
  }

  @GetMapping("/audit")
  @Operation(summary = "Audit events, newest first")
  List<AuditLog.Event> audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String pool,
      @RequestParam(required = false) String method,
      @Parameter(description = "tandem or heketi") @RequestParam(required = false) String api,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime since,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime until,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    return audit.find(new AuditLog.Query(actor, pool, method, api, since, until, limit));
  }
}

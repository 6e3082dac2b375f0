package dev.tandem.inventory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pools")
@Tag(name = "pools", description = "Gluster pools, their members and devices, by name")
class PoolController {

  private final PlatformService platform;

  PoolController(PlatformService platform) {
    this.platform = platform;
  }

  @GetMapping
  @Operation(summary = "List pools")
  List<PoolSpec> list() {
    return platform.export().pools();
  }

  @PostMapping
  @Operation(summary = "Create a pool (with its members and devices, if given)")
  ResponseEntity<PoolSpec> create(@RequestBody PoolSpec pool) {
    platform.edit(InventoryEdits.createPool(pool));
    return HostController.created("/api/v1/pools/" + pool.name(), get(pool.name()));
  }

  @GetMapping("/{pool}")
  @Operation(summary = "Read a pool")
  PoolSpec get(@PathVariable String pool) {
    return InventoryEdits.pool(platform.export(), pool);
  }

  @PutMapping("/{pool}")
  @Operation(summary = "Replace a pool, its members and devices included")
  PoolSpec replace(@PathVariable String pool, @RequestBody PoolSpec body) {
    platform.edit(InventoryEdits.replacePool(pool, body));
    return get(pool);
  }

  @DeleteMapping("/{pool}")
  @Operation(summary = "Delete a pool; with members or devices only when cascade=true",
      description = "Answers what went with the pool: members, device assignments, volume records, client scopes."
          + " 409 while a volume operation of the pool runs.")
  PoolRemoval delete(@PathVariable String pool, @RequestParam(defaultValue = "false") boolean cascade) {
    return platform.edit(InventoryEdits.deletePool(pool, cascade), false, cascade).removedWithPools().get(0);
  }

  @GetMapping("/{pool}/members")
  @Operation(summary = "List a pool's members (one gluster container per host)")
  List<MemberSpec> members(@PathVariable String pool) {
    return get(pool).members();
  }

  @PostMapping("/{pool}/members")
  @Operation(summary = "Add a member: the pool's container on one host")
  ResponseEntity<MemberSpec> createMember(@PathVariable String pool, @RequestBody MemberSpec body) {
    platform.edit(InventoryEdits.createMember(pool, body));
    return HostController.created("/api/v1/pools/" + pool + "/members/" + body.host(), getMember(pool, body.host()));
  }

  @GetMapping("/{pool}/members/{host}")
  @Operation(summary = "Read a pool's member on a host")
  MemberSpec getMember(@PathVariable String pool, @PathVariable String host) {
    return InventoryEdits.member(platform.export(), pool, host);
  }

  @PutMapping("/{pool}/members/{host}")
  @Operation(summary = "Replace a pool's member on a host")
  MemberSpec replaceMember(@PathVariable String pool, @PathVariable String host, @RequestBody MemberSpec body) {
    platform.edit(InventoryEdits.replaceMember(pool, host, body));
    return getMember(pool, host);
  }

  @DeleteMapping("/{pool}/members/{host}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a pool's member; cascade=true also releases the pool's devices on that host")
  void deleteMember(@PathVariable String pool, @PathVariable String host,
      @RequestParam(defaultValue = "false") boolean cascade) {
    platform.edit(InventoryEdits.deleteMember(pool, host, cascade));
  }

  @GetMapping("/{pool}/devices")
  @Operation(summary = "List the devices assigned to a pool")
  List<PoolDeviceSpec> devices(@PathVariable String pool) {
    return get(pool).devices();
  }

  @PostMapping("/{pool}/devices")
  @Operation(summary = "Assign a host's device to the pool; 409 naming the owner if another pool has it")
  ResponseEntity<PoolDeviceSpec> assign(@PathVariable String pool, @RequestBody PoolDeviceSpec body) {
    platform.edit(InventoryEdits.assignDevice(pool, body));
    return HostController.created(
        "/api/v1/pools/" + pool + "/devices/" + body.host() + "/" + Names.deviceName(body.device()), body);
  }

  @DeleteMapping("/{pool}/devices/{host}/{device}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Release a device from the pool (named by its path without /dev/, e.g. sdb)")
  void release(@PathVariable String pool, @PathVariable String host, @PathVariable String device) {
    platform.edit(InventoryEdits.releaseDevice(pool, host, device));
  }
}

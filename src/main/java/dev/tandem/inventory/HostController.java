package dev.tandem.inventory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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
@RequestMapping("/api/v1/hosts")
@Tag(name = "hosts", description = "Hosts, their interfaces and block devices, by name")
class HostController {

  private final PlatformService platform;
  private final HostKeyStore hostKeys;

  HostController(PlatformService platform, HostKeyStore hostKeys) {
    this.platform = platform;
    this.hostKeys = hostKeys;
  }

  @GetMapping
  @Operation(summary = "List hosts")
  List<HostSpec> list() {
    return platform.export().hosts();
  }

  @PostMapping
  @Operation(summary = "Add a host (with its interfaces and devices, if given)")
  ResponseEntity<HostSpec> create(@RequestBody HostSpec host) {
    platform.edit(InventoryEdits.createHost(host));
    return created("/api/v1/hosts/" + host.name(), get(host.name()));
  }

  @GetMapping("/{host}")
  @Operation(summary = "Read a host")
  HostSpec get(@PathVariable String host) {
    return InventoryEdits.host(platform.export(), host);
  }

  @PutMapping("/{host}")
  @Operation(summary = "Replace a host, its interfaces and devices included")
  HostSpec replace(@PathVariable String host, @RequestBody HostSpec body) {
    platform.edit(InventoryEdits.replaceHost(host, body));
    return get(host);
  }

  @DeleteMapping("/{host}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a host; cascade=true also removes its pool members and device assignments")
  void delete(@PathVariable String host, @RequestParam(defaultValue = "false") boolean cascade) {
    platform.edit(InventoryEdits.deleteHost(host, cascade));
  }

  @DeleteMapping("/{host}/host-key")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Forget the host's pinned SSH host key (after a reinstall); the next connection records the"
      + " key it meets")
  void forgetHostKey(@PathVariable String host) {
    hostKeys.forgetHostKey(host);
  }

  @GetMapping("/{host}/interfaces")
  @Operation(summary = "List a host's interfaces")
  List<InterfaceSpec> interfaces(@PathVariable String host) {
    return get(host).interfaces();
  }

  @PostMapping("/{host}/interfaces")
  @Operation(summary = "Add an interface: physical, VLAN sub-interface or macvlan shim")
  ResponseEntity<InterfaceSpec> createInterface(@PathVariable String host, @RequestBody InterfaceSpec body) {
    platform.edit(InventoryEdits.createInterface(host, body));
    return created("/api/v1/hosts/" + host + "/interfaces/" + body.name(), getInterface(host, body.name()));
  }

  @GetMapping("/{host}/interfaces/{name}")
  @Operation(summary = "Read an interface")
  InterfaceSpec getInterface(@PathVariable String host, @PathVariable String name) {
    return InventoryEdits.hostInterface(platform.export(), host, name);
  }

  @PutMapping("/{host}/interfaces/{name}")
  @Operation(summary = "Replace an interface")
  InterfaceSpec replaceInterface(@PathVariable String host, @PathVariable String name,
      @RequestBody InterfaceSpec body) {
    platform.edit(InventoryEdits.replaceInterface(host, name, body));
    return getInterface(host, name);
  }

  @DeleteMapping("/{host}/interfaces/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete an interface no pool or other interface uses")
  void deleteInterface(@PathVariable String host, @PathVariable String name) {
    platform.edit(InventoryEdits.deleteInterface(host, name));
  }

  @GetMapping("/{host}/devices")
  @Operation(summary = "List a host's block devices")
  List<DeviceSpec> devices(@PathVariable String host) {
    return get(host).devices();
  }

  @PostMapping("/{host}/devices")
  @Operation(summary = "Declare a block device of a host")
  ResponseEntity<DeviceSpec> createDevice(@PathVariable String host, @RequestBody DeviceSpec body) {
    platform.edit(InventoryEdits.createDevice(host, body));
    String name = Names.deviceName(body.path());
    return created("/api/v1/hosts/" + host + "/devices/" + name, getDevice(host, name));
  }

  @GetMapping("/{host}/devices/{device}")
  @Operation(summary = "Read a device, named by its path without /dev/ (e.g. sdb)")
  DeviceSpec getDevice(@PathVariable String host, @PathVariable String device) {
    return InventoryEdits.device(platform.export(), host, device);
  }

  @PutMapping("/{host}/devices/{device}")
  @Operation(summary = "Replace a device's details (stable id, size, state)")
  DeviceSpec replaceDevice(@PathVariable String host, @PathVariable String device, @RequestBody DeviceSpec body) {
    platform.edit(InventoryEdits.replaceDevice(host, device, body));
    return getDevice(host, device);
  }

  @DeleteMapping("/{host}/devices/{device}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Forget a device no pool uses")
  void deleteDevice(@PathVariable String host, @PathVariable String device) {
    platform.edit(InventoryEdits.deleteDevice(host, device));
  }

  static <T> ResponseEntity<T> created(String location, T body) {
    return ResponseEntity.created(URI.create(location)).body(body);
  }
}

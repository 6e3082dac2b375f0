package dev.tandem.inventory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/platform")
@Tag(name = "platform", description = "The whole inventory as one declarative spec")
class PlatformController {

  static final String YAML = "application/yaml";
  static final String JSON = "application/json";

  private final PlatformService platform;

  PlatformController(PlatformService platform) {
    this.platform = platform;
  }

  @GetMapping(produces = {JSON, YAML})
  @Operation(summary = "Export the inventory as a platform spec (JSON or YAML by Accept)",
      description = "Applying the exported spec back changes nothing.")
  PlatformSpec export() {
    return platform.export();
  }

  @PutMapping(consumes = {JSON, YAML}, produces = JSON)
  @Operation(summary = "Apply a whole platform spec (JSON or YAML by Content-Type)",
      description = "Creates, updates and deletes inventory to match the spec, in one transaction, all or nothing."
          + " With dryRun=true it answers the diff and changes nothing.")
  ApplyResult apply(@RequestBody PlatformSpec spec,
      @Parameter(description = "Answer the diff only; change nothing") @RequestParam(defaultValue = "false")
          boolean dryRun,
      @Parameter(description = "Allow deleting pools bound to Heketi clusters") @RequestParam(defaultValue = "false")
          boolean cascade) {
    return platform.apply(spec, dryRun, cascade);
  }
}

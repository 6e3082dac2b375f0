package dev.tandem.provisioning;

import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import org.springframework.stereotype.Component;

/**
 * The image the inventory gives a pool, as {@code roll-pool} records it once every member runs the
 * image it rolled onto: deploy-pool and drift reports then expect that image, not the old one.
 */
@Component
class PoolImages {

  private final PlatformService platform;

  PoolImages(PlatformService platform) {
    this.platform = platform;
  }

  StepContext.PlatformResult record(String pool, String image) {
    if (InventoryEdits.pool(platform.export(), pool).image().equals(image)) {
      return new StepContext.PlatformResult(false, "the inventory already says " + image);
    }
    platform.edit(current -> InventoryEdits.replacePool(pool, InventoryEdits.pool(current, pool).withImage(image))
        .apply(current));
    return new StepContext.PlatformResult(true, "recorded: deploy-pool and drift reports expect " + image);
  }
}

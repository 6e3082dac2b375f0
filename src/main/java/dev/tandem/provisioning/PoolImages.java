package dev.tandem.provisioning;

import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import org.springframework.stereotype.Component;

/**
 * The image the inventory gives a pool, as {@code roll-pool} records it once every member runs the
 * image it rolled onto: deploy-pool and drift reports then expect that image, not the old one. Only
 * over the image the roll was planned from: an image an admin set meanwhile ({@code PUT
 * /api/v1/platform}) is left as it is, and the step fails saying so.
 */
@Component
class PoolImages {

  private final PlatformService platform;

  PoolImages(PlatformService platform) {
    this.platform = platform;
  }

  StepContext.PlatformResult record(String pool, String from, String image) {
    if (InventoryEdits.pool(platform.export(), pool).image().equals(image)) {
      return new StepContext.PlatformResult(false, "the inventory already says " + image);
    }
    platform.edit(current -> {
      String now = InventoryEdits.pool(current, pool).image();
      if (!now.equals(from)) {
        throw new StepFailed("the inventory's image of pool " + pool + " was changed to " + now + " during the"
            + " roll (it was " + from + "): left as it is, though the pool's containers run " + image + "; set"
            + " the image you want with PUT /api/v1/platform, then roll the pool onto it");
      }
      return InventoryEdits.replacePool(pool, InventoryEdits.pool(current, pool).withImage(image)).apply(current);
    });
    return new StepContext.PlatformResult(true, "recorded: deploy-pool and drift reports expect " + image);
  }
}

package dev.tandem.storage;

import dev.tandem.inventory.PoolLayout;
import org.springframework.http.HttpStatus;

/**
 * A limit of the volume table that no single field's validation sees: the effective options (the
 * pool profile's, then the request's, one per line) are stored in one column. Checked before the
 * request reaches the database, so it is refused naming the field, not as a database error.
 */
final class VolumeLimits {

  /** The length of column {@code volume.options} (V2__storage.sql). */
  static final int OPTIONS_COLUMN = 4000;

  /** Refuses (422, naming {@code options}) options that, with the pool profile's, do not fit their column. */
  static void check(PoolLayout layout, VolumeRequest request) {
    int length = String.join("\n", OptionProfiles.effective(layout.optionProfile(), request.options())).length();
    if (length > OPTIONS_COLUMN) {
      throw new StorageException(HttpStatus.UNPROCESSABLE_ENTITY, "options-too-long", "options",
          "the options, with the " + layout.optionProfile().name().toLowerCase() + " profile's, take " + length
              + " characters; at most " + OPTIONS_COLUMN + " fit",
          "send fewer or shorter options (a later \"key value\" for the same key replaces an earlier one)");
    }
  }

  private VolumeLimits() {}
}

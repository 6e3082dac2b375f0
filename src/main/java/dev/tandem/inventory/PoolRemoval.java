package dev.tandem.inventory;

import java.util.Map;

/**
 * What deleting a pool removed with it (or, on a dry run, would remove): its members and device
 * assignments, and the records other modules kept of it ({@link PoolDependents}), by kind.
 */
public record PoolRemoval(String pool, Map<String, Long> removed) {}

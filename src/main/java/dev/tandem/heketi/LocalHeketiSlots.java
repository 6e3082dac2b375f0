package dev.tandem.heketi;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** {@link HeketiSlots} of one JVM: a fair semaphore, and the places taken from it by id. */
final class LocalHeketiSlots implements HeketiSlots {

  private final Semaphore places;
  /** Taken places: id to queue path ("" until attached). */
  private final Map<String, String> taken = new ConcurrentHashMap<>();

  LocalHeketiSlots(int max) {
    this.places = new Semaphore(max, true);
  }

  @Override
  public String take(String what) throws InterruptedException {
    places.acquire();
    String id = UUID.randomUUID().toString();
    taken.put(id, "");
    return id;
  }

  @Override
  public void attach(String slot, String queuePath) {
    taken.replace(slot, queuePath);
  }

  @Override
  public void release(String slot) {
    if (taken.remove(slot) != null) {
      places.release();
    }
  }

  @Override
  public void ended(String queuePath) {
    taken.entrySet().stream().filter(e -> e.getValue().equals(queuePath)).map(Map.Entry::getKey).toList()
        .forEach(this::release);
  }
}

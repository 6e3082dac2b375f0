package dev.tandem.heketi;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts of the calls made through one view of the client, by whether they change Heketi. */
public final class HeketiCalls {
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();

  public int reads() {
    return reads.get();
  }

  public int writes() {
    return writes.get();
  }

  void count(boolean write) {
    (write ? writes : reads).incrementAndGet();
  }
}

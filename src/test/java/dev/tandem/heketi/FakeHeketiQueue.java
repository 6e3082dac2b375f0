package dev.tandem.heketi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The stand-in Heketi's queue of asynchronous operations. By default (what the tests expect) an
 * operation answers pending a set number of polls (one), then its terminal answer once, then
 * "Id not found"; it counts as in flight until its terminal answer is read. Calibrated (for
 * benchmarks) an operation answers pending until its delay after the request has passed on the
 * clock, then its terminal answer once; it counts as in flight until that moment. Not thread-safe:
 * {@link FakeHeketiCore} holds its lock around every call.
 */
final class FakeHeketiQueue {

  /** What a queued operation is, for its calibrated delay. */
  enum Kind { NODE_ADD, DEVICE_ADD, DEVICE_STATE, DEVICE_DELETE, VOLUME_CREATE, VOLUME_EXPAND, VOLUME_DELETE }

  /** A delay drawn uniformly from {@code [minMicros, maxMicros]}. */
  record Delay(long minMicros, long maxMicros) {
    long drawNanos() {
      return 1000 * (minMicros == maxMicros ? minMicros : ThreadLocalRandom.current().nextLong(minMicros, maxMicros + 1));
    }
  }

  /**
   * How long the real server (v10.4.1, mock executor) takes per operation, from issue 11: a node add
   * 3–6 ms, a device add about 5 ms, a volume create about 11 ms. Expand and delete were not
   * measured; they are given a volume create's delay, and a device's state change or deletion a device add's.
   */
  record Calibration(Delay nodeAdd, Delay deviceAdd, Delay volumeCreate) {
    static final Calibration ISSUE_11 = new Calibration(new Delay(3000, 6000), new Delay(5000, 5000),
        new Delay(11000, 11000));

    long drawNanos(Kind kind) {
      return switch (kind) {
        case NODE_ADD -> nodeAdd.drawNanos();
        case DEVICE_ADD, DEVICE_STATE, DEVICE_DELETE -> deviceAdd.drawNanos();
        case VOLUME_CREATE, VOLUME_EXPAND, VOLUME_DELETE -> volumeCreate.drawNanos();
      };
    }
  }

  private static final class Entry {
    final HeketiAnswer terminal;
    final long readyAtNanos;
    int polled;

    Entry(HeketiAnswer terminal, long readyAtNanos) {
      this.terminal = terminal;
      this.readyAtNanos = readyAtNanos;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private LongSupplier clock = System::nanoTime;
  private Calibration calibration;
  private int pendingPolls = 1;
  private long terminalDelayMillis;
  private int peakInFlight;

  void calibrate(Calibration calibration, LongSupplier clock) {
    this.calibration = calibration;
    this.clock = clock;
  }

  void pendingPolls(int polls) {
    this.pendingPolls = polls;
  }

  void delayTerminalAnswers(long millis) {
    this.terminalDelayMillis = millis;
  }

  void add(String id, Kind kind, HeketiAnswer terminal) {
    long readyAt = calibration == null ? 0 : clock.getAsLong() + calibration.drawNanos(kind);
    entries.put(id, new Entry(terminal, readyAt));
    peakInFlight = Math.max(peakInFlight, inFlight());
  }

  /** The answer to a poll of {@code /queue/{id}}. */
  HeketiAnswer poll(String id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      return HeketiAnswer.recorded("volumes-async.json",
          "queue poll again after completion was reported (entry is removed after first final read)");
    }
    boolean pending = calibration == null ? entry.polled++ < pendingPolls : clock.getAsLong() < entry.readyAtNanos;
    if (pending) {
      return HeketiAnswer.recorded("volumes-async.json", "volume delete: poll 1");
    }
    entries.remove(id);
    return terminalDelayMillis == 0 ? entry.terminal : entry.terminal.delayed(terminalDelayMillis);
  }

  /** Operations in flight: queued and not yet answered (default) or not yet complete (calibrated). */
  int inFlight() {
    if (calibration == null) {
      return entries.size();
    }
    long now = clock.getAsLong();
    return (int) entries.values().stream().filter(e -> now < e.readyAtNanos).count();
  }

  int peakInFlight() {
    return peakInFlight;
  }

  void resetPeakInFlight() {
    peakInFlight = inFlight();
  }

  /** Heketi restarted: its in-memory queue is gone. */
  void forget() {
    entries.clear();
  }

  /** Back to the defaults: empty, pending once, no delay, not calibrated. */
  void reset() {
    entries.clear();
    peakInFlight = 0;
    pendingPolls = 1;
    terminalDelayMillis = 0;
    calibration = null;
    clock = System::nanoTime;
  }
}

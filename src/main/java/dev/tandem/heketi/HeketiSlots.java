package dev.tandem.heketi;

/**
 * The places of Heketi's in-flight limit ({@code tandem.heketi.max-in-flight}) that asynchronous
 * operations take: one from the initiating request until the operation ends. A place has an id; it
 * is given the operation's queue path once Heketi accepted, so that whoever sees the operation end
 * gives it back.
 */
public interface HeketiSlots {

  /** Takes a place, waiting until one is free; answers its id. */
  String take(String what) throws InterruptedException;

  /** Heketi accepted: the place now belongs to the operation at {@code queuePath}. */
  void attach(String slot, String queuePath);

  /** Gives a place back (nothing happens when it is already back). */
  void release(String slot);

  /** The operation at {@code queuePath} has its final answer: its place is free again. */
  void ended(String queuePath);

  /** Places counted in this JVM only: for a client without a database. */
  static HeketiSlots local(int max) {
    return new LocalHeketiSlots(max);
  }
}

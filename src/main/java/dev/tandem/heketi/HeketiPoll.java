package dev.tandem.heketi;

/** What a poll of Heketi's queue found. */
public sealed interface HeketiPoll {
  /** Still running: 200 with X-Pending: true. */
  record Pending() implements HeketiPoll {}

  /** Done with a resource to read: 303 and its Location. */
  record Resource(String location) implements HeketiPoll {}

  /** Done with nothing to read: 204. */
  record Done() implements HeketiPoll {}

  /** Done and failed: 500 and Heketi's message. */
  record Failed(String message) implements HeketiPoll {}
}

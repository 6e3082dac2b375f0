package dev.tandem.inventory;

/**
 * A volume durability as written in specs and requests: {@code none}, {@code replicate:N}, {@code
 * replicate:3:arbiter} or {@code disperse:D:R}.
 */
public record Durability(Type type, int replica, int data, int redundancy, boolean arbiter) {

  public enum Type {
    NONE,
    REPLICATE,
    DISPERSE
  }

  public static final String PATTERN =
      "^(none|replicate:[1-9]|replicate:3:arbiter|disperse:([2-9]|1[0-9]):[1-9])$";

  public static final String HINT =
      "must be none, replicate:N (N 1-9), replicate:3:arbiter or disperse:D:R (e.g. disperse:4:2)";

  public static final String DEFAULT = "replicate:3";

  /** Parses a value that matches {@link #PATTERN}. */
  public static Durability parse(String text) {
    String[] parts = text.split(":");
    return switch (parts[0]) {
      case "none" -> new Durability(Type.NONE, 1, 0, 0, false);
      case "replicate" ->
          new Durability(Type.REPLICATE, Integer.parseInt(parts[1]), 0, 0, parts.length == 3);
      case "disperse" ->
          new Durability(
              Type.DISPERSE, 0, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), false);
      default -> throw new IllegalArgumentException("not a durability: " + text);
    };
  }

  /** How many nodes, each in its own zone, a volume of this durability spreads one brick set over. */
  public int failureDomains() {
    return switch (type) {
      case NONE -> 1;
      case REPLICATE -> replica;
      case DISPERSE -> data + redundancy;
    };
  }
}

package dev.tandem.heketi;

import java.util.Locale;
import java.util.Optional;

/**
 * The hop marker that keeps Tandem from calling itself: every request Tandem sends to Heketi names
 * it in {@code Via} (RFC 9110 §7.6.3) as {@code 1.1 tandem-<instance>}. A request that arrives with
 * such a hop already came from a Tandem, so the Tandem that sent it was pointed at a Tandem (itself
 * or a replica) instead of a Heketi.
 */
public final class HopMarker {

  /** The first characters of every Tandem's received-by name. */
  public static final String PREFIX = "tandem-";

  private HopMarker() {}

  /** The Via value for this instance. */
  public static String via(String instance) {
    return "1.1 " + PREFIX + instance;
  }

  /** The first Tandem hop among Via header values ({@code 1.1 tandem-a, 1.0 proxy}), if any. */
  public static Optional<String> tandemHop(Iterable<String> viaHeaders) {
    for (String header : viaHeaders) {
      for (String hop : header.split(",")) {
        String[] parts = hop.strip().split("\\s+");
        if (parts.length >= 2 && parts[1].toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
          return Optional.of(parts[1]);
        }
      }
    }
    return Optional.empty();
  }
}

package dev.tandem.bench;

import dev.tandem.heketi.TestSignatures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Authorization header a benchmark sends, from a spec: {@code none}, {@code basic:USER:SECRET}
 * or {@code jwt:ISSUER:KEY} (a Heketi JWT: HS256, claims iss, iat, exp, qsh = hex SHA-256 of
 * "METHOD&path", as Heketi's Go client makes it; valid for {@code VALID_SECONDS}, sent unchanged
 * with every request, as wrk sends a fixed header).
 */
public final class Credentials {

  static final long VALID_SECONDS = 3600;

  /** The header's value for a request of {@code method} on {@code path}, or {@code null} for none. */
  public static String authorization(String spec, String method, String path) {
    if (spec.equals("none")) {
      return null;
    }
    String[] parts = spec.split(":", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("credentials are none, basic:USER:SECRET or jwt:ISSUER:KEY, not " + spec);
    }
    return switch (parts[0]) {
      case "basic" -> "Basic " + Base64.getEncoder().encodeToString((parts[1] + ":" + parts[2]).getBytes(StandardCharsets.UTF_8));
      case "jwt" -> "Bearer " + jwt(parts[1], parts[2], method, path, System.currentTimeMillis() / 1000);
      default -> throw new IllegalArgumentException("unknown credentials kind " + parts[0]);
    };
  }

  /** Prints the header's value: {@code Credentials SPEC METHOD PATH} (bench/heketi-api reads the stand-in with it). */
  public static void main(String[] args) {
    System.out.println(authorization(args[0], args[1], args[2]));
  }

  static String jwt(String issuer, String key, String method, String path, long now) {
    String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String claims = base64Url("{\"exp\":" + (now + VALID_SECONDS) + ",\"iat\":" + now + ",\"iss\":\"" + issuer
        + "\",\"qsh\":\"" + sha256Hex(method + "&" + path) + "\"}");
    return header + "." + claims + "." + TestSignatures.hs256(key, header + "." + claims);
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Credentials() {}
}

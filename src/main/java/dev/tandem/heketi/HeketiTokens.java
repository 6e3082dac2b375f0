package dev.tandem.heketi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Heketi's JWT, byte for byte as its Go client makes it: header {@code {"alg":"HS256","typ":"JWT"}},
 * claims {@code exp, iat, iss, qsh} in that (sorted) order, {@code exp = iat + 300}, and {@code
 * qsh} the lowercase hex SHA-256 of {@code METHOD&path} (the path only, never the query). Written
 * out rather than taken from a JWT library so that a known-answer test can pin the exact bytes.
 */
public final class HeketiTokens {

  static final long LIFETIME_SECONDS = 300;
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = BASE64.encodeToString(
      "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final String issuer;
  private final byte[] key;
  private final Clock clock;

  public HeketiTokens(String issuer, String key, Clock clock) {
    this.issuer = issuer;
    this.key = key.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** A fresh token for one request. */
  public String sign(String method, String path) {
    long now = clock.instant().getEpochSecond();
    return sign(method, path, now, now + LIFETIME_SECONDS);
  }

  String sign(String method, String path, long iat, long exp) {
    String claims = "{\"exp\":" + exp + ",\"iat\":" + iat + ",\"iss\":\"" + jsonEscape(issuer) + "\",\"qsh\":\""
        + qsh(method, path) + "\"}";
    String unsigned = HEADER + "." + BASE64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return unsigned + "." + BASE64.encodeToString(hmac(key, unsigned));
  }

  /** The query string hash: lowercase hex SHA-256 of {@code METHOD&path}. */
  public static String qsh(String method, String path) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest((method + "&" + path).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // HMAC zero-pads its key, so the empty key (auth off in a StorageClass) equals one zero byte,
      // which SecretKeySpec accepts where it refuses an empty array.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jsonEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

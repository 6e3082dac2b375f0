package dev.tandem.heketi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 *
 * <p>{@code iat} counts whole seconds, so every token for one method and path signed within the same
 * second is the same string: the last {@value #RECENT} such tokens are kept and answered again
 * within their second instead of being signed anew (Heketi accepts a token until its {@code exp}, and
 * its Go client re-sends one on a 429 too). Each thread keeps its own {@link Mac}, set up once with
 * the key.
 */
public final class HeketiTokens {

  static final long LIFETIME_SECONDS = 300;
  /** How many (method, path) tokens of their second are kept. */
  static final int RECENT = 256;
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = BASE64.encodeToString(
      "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });

  private final String issuer;
  private final Clock clock;
  private final ThreadLocal<Mac> macs;
  private final Cache<String, Signed> recent =
      Caffeine.newBuilder().maximumSize(RECENT).executor(Runnable::run).build();

  /** A token and the second it was signed in (its {@code iat}). */
  private record Signed(long second, String token) {}

  public HeketiTokens(String issuer, String key, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
    // HMAC zero-pads its key, so the empty key (auth off in a StorageClass) equals one zero byte,
    // which SecretKeySpec accepts where it refuses an empty array.
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    SecretKeySpec spec = new SecretKeySpec(bytes.length == 0 ? new byte[1] : bytes, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A token for one request: signed in this second (the same string for the same method and path). */
  public String sign(String method, String path) {
    long now = clock.instant().getEpochSecond();
    String request = method + "&" + path;
    Signed kept = recent.getIfPresent(request);
    if (kept != null && kept.second() == now) {
      return kept.token();
    }
    String token = sign(method, path, now, now + LIFETIME_SECONDS);
    recent.put(request, new Signed(now, token));
    return token;
  }

  String sign(String method, String path, long iat, long exp) {
    String claims = "{\"exp\":" + exp + ",\"iat\":" + iat + ",\"iss\":\"" + jsonEscape(issuer) + "\",\"qsh\":\""
        + qsh(method, path) + "\"}";
    String unsigned = HEADER + "." + BASE64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return unsigned + "." + BASE64.encodeToString(macs.get().doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
  }

  /** The query string hash: lowercase hex SHA-256 of {@code METHOD&path}. */
  public static String qsh(String method, String path) {
    return HexFormat.of().formatHex(sha256(method + "&" + path));
  }

  /** The SHA-256 of a text's UTF-8 bytes (one digest per thread, so no lock and no lookup per call). */
  public static byte[] sha256(String text) {
    return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** How many tokens are kept right now (for tests of the bound). */
  long kept() {
    recent.cleanUp();
    return recent.estimatedSize();
  }

  private static String jsonEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

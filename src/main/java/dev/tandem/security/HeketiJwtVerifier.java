package dev.tandem.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an Authorization header exactly as Heketi's JWT middleware does (CLIENT-CONTRACT.md
 * §3.2), with its statuses and texts: bearer in any case; HS256/384/512; {@code iss} names the
 * client whose secret is the key; {@code exp} required, no leeway; {@code iat} with a leeway; {@code
 * nbf} honoured; and {@code qsh} over {@code METHOD&path} as received, the query excluded. Tokens
 * may be reused until they expire (Heketi's Go client re-sends one on a 429).
 */
@Component
public class HeketiJwtVerifier {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, String> ALGORITHMS = Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384",
      "HS512", "HmacSHA512");

  private final ClientService clients;
  private final long iatLeeway;
  private final Clock clock;

  @Autowired
  HeketiJwtVerifier(ClientService clients, SecurityProperties properties) {
    this(clients, properties.iatLeewaySeconds(), Clock.systemUTC());
  }

  HeketiJwtVerifier(ClientService clients, long iatLeeway, Clock clock) {
    this.clients = clients;
    this.iatLeeway = iatLeeway;
    this.clock = clock;
  }

  /** The outcome: the caller, or Heketi's status and text. */
  public sealed interface Result {
    record Verified(Caller caller) implements Result {}

    record Refused(int status, String message) implements Result {}
  }

  public Result verify(String authorization, String method, String path) {
    if (authorization == null || authorization.isEmpty()) {
      return new Result.Refused(401, "Required authorization token not found");
    }
    String[] fields = authorization.trim().split("\\s+");
    if (fields.length != 2 || !fields[0].equalsIgnoreCase("bearer")) {
      return new Result.Refused(400, "Authorization header format must be Bearer {token}");
    }
    String[] parts = fields[1].split("\\.", -1);
    if (parts.length != 3) {
      return invalid("token contains an invalid number of segments");
    }
    JsonNode header;
    JsonNode claims;
    try {
      header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (RuntimeException e) {
      return invalid("illegal base64 data or malformed JSON in token");
    }
    if (!header.isObject() || !claims.isObject()) {
      return invalid("malformed token");
    }
    String alg = header.path("alg").asString("");
    String mac = ALGORITHMS.get(alg);
    if (mac == null) {
      return invalid("Unexpected signing method: " + (alg.isEmpty() ? "<nil>" : alg));
    }
    String issuer = claims.path("iss").asString("");
    if (issuer.isEmpty()) {
      return invalid("Token missing iss claim");
    }
    var credentials = clients.credentials(issuer);
    if (credentials.isEmpty()) {
      return invalid("Unknown user");
    }
    if (!signatureMatches(mac, credentials.get().secret(), parts[0] + "." + parts[1], parts[2])) {
      return invalid("signature is invalid (client and server secrets may not match)");
    }
    for (String claim : new String[] {"exp", "iat", "nbf"}) {
      if (claims.has(claim) && !(claims.get(claim).isNumber() && claims.get(claim).canConvertToLong())) {
        return invalid("claim " + claim + " is not a number");
      }
    }
    long now = clock.instant().getEpochSecond();
    long exp = claims.path("exp").asLong(0);
    if (now > exp) {
      return invalid("Token is expired by " + goDuration(now - exp));
    }
    if (claims.has("iat") && now < claims.path("iat").asLong() - iatLeeway) {
      return invalid("Token used before issued (client and server clocks may differ)");
    }
    if (claims.has("nbf") && now < claims.path("nbf").asLong()) {
      return invalid("token is not valid yet");
    }
    if (!qsh(method, path).equals(claims.path("qsh").asString(""))) {
      return new Result.Refused(401, "Invalid qsh claim in token");
    }
    return new Result.Verified(credentials.get().caller());
  }

  static String qsh(String method, String path) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest((method + "&" + path).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result invalid(String reason) {
    return new Result.Refused(401, "Invalid JWT token: " + reason);
  }

  private static boolean signatureMatches(String algorithm, String key, String signed, String signature) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      mac.init(new SecretKeySpec(bytes.length == 0 ? new byte[1] : bytes, algorithm));
      byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Go's time.Duration text for whole seconds: 45s, 5m0s, 498803h45m31s. */
  static String goDuration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
  }
}

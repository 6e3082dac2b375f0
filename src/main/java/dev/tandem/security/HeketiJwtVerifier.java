package dev.tandem.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import dev.tandem.heketi.HeketiTokens;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Verifies an Authorization header as Heketi's JWT middleware does (CLIENT-CONTRACT.md §3.2), with
 * its statuses and texts. Nimbus JOSE parses the token, checks the algorithm (HS256/384/512 only),
 * the signature, {@code exp} (required, no leeway) and {@code nbf}; Heketi's own rules stay here:
 * bearer in any case, {@code iss} names the client whose secret is the key, {@code iat} may lie up
 * to a leeway in the future, and {@code qsh} covers {@code METHOD&path} as received, the query
 * excluded. Tokens may be reused until they expire (Heketi's Go client re-sends one on a 429).
 */
@Component
public class HeketiJwtVerifier {

  /** Nimbus's minimum HMAC key (512 bits, for HS512); see {@link #macKey(String)}. */
  private static final int MIN_KEY_BYTES = 64;

  private final ClientService clients;
  private final long iatLeeway;
  private final Clock clock;
  private final DefaultJWTClaimsVerifier<SecurityContext> expiry;

  @Autowired
  HeketiJwtVerifier(ClientService clients, SecurityProperties properties) {
    this(clients, properties.iatLeewaySeconds(), Clock.systemUTC());
  }

  HeketiJwtVerifier(ClientService clients, long iatLeeway, Clock clock) {
    this.clients = clients;
    this.iatLeeway = iatLeeway;
    this.clock = clock;
    this.expiry = new DefaultJWTClaimsVerifier<>(null, null, Set.of(JWTClaimNames.EXPIRATION_TIME), null) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    this.expiry.setMaxClockSkew(0);
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
    if (fields[1].split("\\.", -1).length != 3) {
      return invalid("token contains an invalid number of segments");
    }
    JWT token;
    JWTClaimsSet claims;
    try {
      token = JWTParser.parse(fields[1]);
      claims = token.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalid("malformed token: " + e.getMessage());
    }
    JWSAlgorithm alg = token.getHeader().getAlgorithm() instanceof JWSAlgorithm jws ? jws : null;
    if (!(token instanceof SignedJWT signed) || !JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
      return invalid("Unexpected signing method: " + token.getHeader().getAlgorithm());
    }
    String issuer = claims.getIssuer();
    if (issuer == null || issuer.isEmpty()) {
      return invalid("Token missing iss claim");
    }
    var credentials = clients.credentials(issuer);
    if (credentials.isEmpty()) {
      return invalid("Unknown user");
    }
    if (!signatureMatches(signed, credentials.get().secret())) {
      return invalid("signature is invalid (client and server secrets may not match)");
    }
    long now = clock.instant().getEpochSecond();
    try {
      expiry.verify(claims, null);
    } catch (BadJWTException e) {
      Date exp = claims.getExpirationTime();
      // as in Go, a token without exp expired at the epoch
      long expired = exp == null ? now : now - exp.toInstant().getEpochSecond();
      return exp == null || expired >= 0 ? invalid("Token is expired by " + goDuration(expired))
          : invalid("token is not valid yet");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now < iat.toInstant().getEpochSecond() - iatLeeway) {
      return invalid("Token used before issued (client and server clocks may differ)");
    }
    if (!HeketiTokens.qsh(method, path).equals(claims.getClaim("qsh"))) {
      return new Result.Refused(401, "Invalid qsh claim in token");
    }
    return new Result.Verified(credentials.get().caller());
  }

  private static Result invalid(String reason) {
    return new Result.Refused(401, "Invalid JWT token: " + reason);
  }

  private static boolean signatureMatches(SignedJWT token, String secret) {
    try {
      return token.verify(new MACVerifier(macKey(secret)));
    } catch (JOSEException e) {
      return false;
    }
  }

  /**
   * The client's secret as an HMAC key Nimbus accepts. HMAC pads a key shorter than its hash's block
   * (64 bytes for SHA-256, 128 for SHA-384/512) with zero bytes, so a secret padded with zeros to
   * Nimbus's minimum signs exactly as the secret itself does: Heketi's short secrets keep working.
   */
  static byte[] macKey(String secret) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    return key.length >= MIN_KEY_BYTES ? key : Arrays.copyOf(key, MIN_KEY_BYTES);
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

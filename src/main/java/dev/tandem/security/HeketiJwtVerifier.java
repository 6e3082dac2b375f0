package dev.tandem.security;

import com.github.benmanes.caffeine.cache.Ticker;
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
import dev.tandem.security.ClientService.Credentials;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
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
 *
 * <p>A token sent again is neither parsed nor its signature computed again: {@link SignedTokens}
 * keeps the claims of the tokens whose signature matched, with a digest of the secret it matched. Each request
 * still reads its client's credentials ({@link ClientService#credentials}), so a revoked client is
 * refused and a rotated secret is verified anew exactly when they would be without the kept tokens,
 * and each request checks {@code exp}, {@code nbf}, {@code iat} and {@code qsh} against its own
 * time, method and path.
 */
@Component
public class HeketiJwtVerifier {

  /** Nimbus's minimum HMAC key (512 bits, for HS512); see {@link #macKey(String)}. */
  private static final int MIN_KEY_BYTES = 64;

  private final ClientService clients;
  private final long iatLeeway;
  private final Clock clock;
  private final DefaultJWTClaimsVerifier<SecurityContext> expiry;
  private final SignedTokens signedTokens;

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
    this.signedTokens = new SignedTokens(Ticker.systemTicker());
  }

  /** The outcome: the caller, or Heketi's status and text. */
  public sealed interface Result {
    record Verified(Caller caller) implements Result {}

    record Refused(int status, String message) implements Result {}
  }

  /** What the signature check found: the token's claims and its client's credentials, or a refusal. */
  private record Signature(JWTClaimsSet claims, Credentials credentials, Result.Refused refusal) {
    static Signature refused(Result.Refused refusal) {
      return new Signature(null, null, refusal);
    }
  }

  public Result verify(String authorization, String method, String path) {
    if (authorization == null || authorization.isEmpty()) {
      return new Result.Refused(401, "Required authorization token not found");
    }
    String token = bearerToken(authorization);
    if (token == null) {
      return new Result.Refused(400, "Authorization header format must be Bearer {token}");
    }
    Signature signature = signature(token);
    if (signature.refusal() != null) {
      return signature.refusal();
    }
    JWTClaimsSet claims = signature.claims();
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
    return new Result.Verified(signature.credentials().caller());
  }

  /**
   * The token's claims, once its signature matched its client's current secret: now, or when the same
   * token came before and that secret is still the client's.
   */
  private Signature signature(String token) {
    SignedTokens.Signed kept = signedTokens.find(token);
    if (kept != null) {
      Optional<Credentials> credentials = clients.credentials(kept.issuer());
      if (credentials.isEmpty()) {
        return Signature.refused(invalid("Unknown user"));
      }
      if (kept.signedWith(credentials.get().secret())) {
        return new Signature(kept.claims(), credentials.get(), null);
      }
      // the secret was rotated since: verified anew
    }
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return Signature.refused(invalid("token contains an invalid number of segments"));
    }
    JWT parsed;
    JWTClaimsSet claims;
    try {
      parsed = JWTParser.parse(token);
      claims = parsed.getJWTClaimsSet();
    } catch (ParseException e) {
      return Signature.refused(invalid("malformed token: " + e.getMessage()));
    }
    JWSAlgorithm alg = parsed.getHeader().getAlgorithm() instanceof JWSAlgorithm jws ? jws : null;
    if (!(parsed instanceof SignedJWT signed) || !JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
      return Signature.refused(invalid("Unexpected signing method: " + parsed.getHeader().getAlgorithm()));
    }
    String issuer = claims.getIssuer();
    if (issuer == null || issuer.isEmpty()) {
      return Signature.refused(invalid("Token missing iss claim"));
    }
    Optional<Credentials> credentials = clients.credentials(issuer);
    if (credentials.isEmpty()) {
      return Signature.refused(invalid("Unknown user"));
    }
    if (!signatureMatches(signed, credentials.get().secret())) {
      return Signature.refused(invalid("signature is invalid (client and server secrets may not match)"));
    }
    signedTokens.keep(token, SignedTokens.Signed.of(claims, issuer, credentials.get().secret()));
    return new Signature(claims, credentials.get(), null);
  }

  /**
   * The token of {@code bearer <token>}: the scheme in any case, one run of whitespace, a token without
   * any (what splitting the trimmed header at whitespace into exactly two fields gives); else null.
   */
  static String bearerToken(String authorization) {
    String header = authorization.trim();
    int gap = 0;
    while (gap < header.length() && !whitespace(header.charAt(gap))) {
      gap++;
    }
    int start = gap;
    while (start < header.length() && whitespace(header.charAt(start))) {
      start++;
    }
    String token = header.substring(start);
    boolean bearer = gap == 6 && header.regionMatches(true, 0, "bearer", 0, 6);
    return bearer && !token.isEmpty() && token.chars().noneMatch(HeketiJwtVerifier::whitespace) ? token : null;
  }

  /** A character of the regular expression class {@code \s}. */
  private static boolean whitespace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static Result.Refused invalid(String reason) {
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

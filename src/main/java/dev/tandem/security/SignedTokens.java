package dev.tandem.security;

import static dev.tandem.heketi.HeketiTokens.sha256;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jwt.JWTClaimsSet;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

/**
 * The JWTs whose signature {@link HeketiJwtVerifier} found matching, with their claims and a digest of
 * the secret that signed them, so that a token sent again (a client's retry, a load of one token) is not parsed
 * and its HMAC not computed again. Kept by the SHA-256 of the token, never the token itself, at most
 * {@value #MAX_TOKENS} of them and each at most {@link #KEPT} (a Heketi token's lifetime): a flood of
 * distinct tokens takes a bounded memory. Nothing here decides alone: the verifier compares the kept
 * digest with the client's current secret and checks every claim's time and path on each request.
 */
final class SignedTokens {

  static final int MAX_TOKENS = 1_000;
  static final Duration KEPT = Duration.ofMinutes(5);

  /**
   * A token's claims, its issuer and the SHA-256 of the secret its signature matched (the secret itself
   * is not kept: it is forgotten with the client's credentials when the client is revoked or rotated).
   */
  record Signed(JWTClaimsSet claims, String issuer, byte[] secretDigest) {

    static Signed of(JWTClaimsSet claims, String issuer, String secret) {
      return new Signed(claims, issuer, sha256(secret));
    }

    /** Whether {@code secret} is the one the token's signature matched. */
    boolean signedWith(String secret) {
      return MessageDigest.isEqual(secretDigest, sha256(secret));
    }
  }

  private final Cache<String, Signed> tokens;

  SignedTokens(Ticker ticker) {
    this.tokens = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(KEPT).ticker(ticker)
        .executor(Runnable::run).build();
  }

  /** The token as kept, or null. */
  Signed find(String token) {
    return tokens.getIfPresent(digest(token));
  }

  void keep(String token, Signed signed) {
    tokens.put(digest(token), signed);
  }

  /** How many tokens are kept now. */
  long size() {
    tokens.cleanUp();
    return tokens.estimatedSize();
  }

  private static String digest(String token) {
    return Base64.getEncoder().encodeToString(sha256(token));
  }
}

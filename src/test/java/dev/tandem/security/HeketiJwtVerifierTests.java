package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.tandem.heketi.HeketiTokens;
import dev.tandem.heketi.Transcripts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Inbound tokens refused with the very texts the recorded Heketi answered (transcripts/auth.json). */
class HeketiJwtVerifierTests {

  static final long NOW = 1_764_157_531L;
  static final String KEY = "ocp-secret";
  final ClientService clients = mock(ClientService.class);
  final HeketiJwtVerifier verifier;

  HeketiJwtVerifierTests() {
    when(clients.credentials("ocp")).thenReturn(Optional.of(
        new ClientService.Credentials(new Caller("ocp", Role.POOL, Set.of("gluster-ocp")), KEY)));
    when(clients.credentials("nobody")).thenReturn(Optional.empty());
    verifier = new HeketiJwtVerifier(clients, 120, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
  }

  static String token(String alg, String key, Map<String, Object> claims) {
    return token(Map.of("alg", alg, "typ", "JWT"), key, claims);
  }

  static String token(Map<String, Object> header, String key, Map<String, Object> claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonMapper json = JsonMapper.builder().build();
    String alg = header.get("alg").toString();
    String unsigned = b64.encodeToString(json.writeValueAsBytes(header)) + "."
        + b64.encodeToString(json.writeValueAsBytes(claims));
    if (alg.equals("none")) {
      return unsigned + ".";
    }
    String mac = "Hmac" + alg.replace("HS", "SHA");
    try {
      Mac hmac = Mac.getInstance(mac);
      hmac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), mac));
      return unsigned + "." + b64.encodeToString(hmac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static Map<String, Object> claims(String method, String path) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "ocp");
    claims.put("iat", NOW);
    claims.put("exp", NOW + 300);
    claims.put("qsh", HeketiTokens.qsh(method, path));
    return claims;
  }

  HeketiJwtVerifier.Result verify(String header) {
    return verifier.verify(header, "GET", "/clusters");
  }

  /** The refusal equals what Heketi answered in the named recorded exchange. */
  void refusedAsRecorded(HeketiJwtVerifier.Result result, String exchange) {
    var recorded = Transcripts.exchange("auth.json", exchange).get("response");
    assertThat(result).isInstanceOfSatisfying(HeketiJwtVerifier.Result.Refused.class, r -> {
      assertThat(r.status()).isEqualTo(recorded.get("status").asInt());
      assertThat(r.message() + "\n").isEqualTo(recorded.get("body").asString());
    });
  }

  @Test
  void acceptsWhatHeketiAccepts() {
    Map<String, Object> claims = claims("GET", "/clusters");
    for (String header : new String[] {"bearer " + token("HS256", KEY, claims), "Bearer " + token("HS256", KEY, claims),
        "BEARER " + token("HS512", KEY, claims), "bearer " + token("HS384", KEY, claims)}) {
      assertThat(verify(header)).isInstanceOf(HeketiJwtVerifier.Result.Verified.class);
    }
    Map<String, Object> noIat = claims("GET", "/clusters");
    noIat.remove("iat");
    assertThat(verify("bearer " + token("HS256", KEY, noIat))).isInstanceOf(HeketiJwtVerifier.Result.Verified.class);
    Map<String, Object> early = claims("GET", "/clusters");
    early.put("iat", NOW + 60);
    assertThat(verify("bearer " + token("HS256", KEY, early))).isInstanceOf(HeketiJwtVerifier.Result.Verified.class);
    assertThat(verifier.verify("bearer " + token("HS256", KEY, claims("GET", "/clusters")), "GET", "/clusters"))
        .isInstanceOf(HeketiJwtVerifier.Result.Verified.class);
  }

  @Test
  void refusesWhatHeketiRefusesWithItsTexts() {
    refusedAsRecorded(verify(null), "no Authorization header");
    refusedAsRecorded(verify("Basic YWRtaW46eA=="), "Authorization header not bearer");
    refusedAsRecorded(verify("bearer"), "Authorization header \"bearer\" without token");
    refusedAsRecorded(verify("bearer not-a-jwt"), "token is not a JWT");
    refusedAsRecorded(verify("bearer " + token("HS256", "wrong-key", claims("GET", "/clusters"))),
        "bad signature (admin claims signed with wrong key)");
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, claims("GET", "/volumes"))),
        "wrong qsh (token made for GET /volumes used on GET /clusters)");
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, claims("POST", "/clusters"))),
        "wrong qsh (method differs: token for POST used on GET)");
    Map<String, Object> expired = claims("GET", "/clusters");
    expired.put("exp", NOW - 300);
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, expired)), "expired token");
    Map<String, Object> late = claims("GET", "/clusters");
    late.put("iat", NOW + 600);
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, late)), "iat 600 s in the future");
    Map<String, Object> notYet = claims("GET", "/clusters");
    notYet.put("nbf", NOW + 600);
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, notYet)), "nbf in the future");
    Map<String, Object> noQsh = claims("GET", "/clusters");
    noQsh.remove("qsh");
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, noQsh)), "token without qsh");
    Map<String, Object> stranger = claims("GET", "/clusters");
    stranger.put("iss", "nobody");
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, stranger)), "unknown iss");
    Map<String, Object> anonymous = claims("GET", "/clusters");
    anonymous.remove("iss");
    refusedAsRecorded(verify("bearer " + token("HS256", KEY, anonymous)), "token without iss");
    refusedAsRecorded(verify("bearer " + token("none", KEY, claims("GET", "/clusters"))), "alg none");
  }

  @Test
  void secretsOfAnyLengthVerifyWithEveryHmacAlgorithm() {
    for (String secret : new String[] {"k", "x".repeat(63), "y".repeat(64), "z".repeat(200)}) {
      when(clients.credentials("long")).thenReturn(Optional.of(
          new ClientService.Credentials(new Caller("long", Role.VIEWER, Set.of()), secret)));
      Map<String, Object> claims = claims("GET", "/clusters");
      claims.put("iss", "long");
      for (String alg : new String[] {"HS256", "HS384", "HS512"}) {
        assertThat(verify("bearer " + token(alg, secret, claims))).as(alg + " with " + secret.length() + " bytes")
            .isInstanceOf(HeketiJwtVerifier.Result.Verified.class);
        assertThat(verify("bearer " + token(alg, "other" + secret, claims))).as("another key")
            .isInstanceOf(HeketiJwtVerifier.Result.Refused.class);
      }
    }
  }

  /** RFC 7515 §4.1.11: a token naming a critical header extension the verifier does not implement is refused. */
  @Test
  void aCriticalHeaderExtensionIsRefused() {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "HS256");
    header.put("typ", "JWT");
    header.put("crit", List.of("x-replay-policy"));
    header.put("x-replay-policy", "once");
    assertThat(verify("bearer " + token(header, KEY, claims("GET", "/clusters")))).isInstanceOfSatisfying(
        HeketiJwtVerifier.Result.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
  }

  @Test
  void claimsOfTheWrongTypeAreRefusedNotFatal() {
    for (String claim : new String[] {"exp", "iat", "nbf"}) {
      Map<String, Object> odd = claims("GET", "/clusters");
      odd.put(claim, "soon");
      assertThat(verify("bearer " + token("HS256", KEY, odd))).isInstanceOfSatisfying(
          HeketiJwtVerifier.Result.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }
  }

  @Test
  void aMissingExpIsExpiredSinceTheEpochAsInGo() {
    Map<String, Object> noExp = claims("GET", "/clusters");
    noExp.remove("exp");
    assertThat(verify("bearer " + token("HS256", KEY, noExp))).isInstanceOfSatisfying(
        HeketiJwtVerifier.Result.Refused.class,
        r -> assertThat(r.message()).matches("Invalid JWT token: Token is expired by \\d+h\\d+m\\d+s"));
    assertThat(HeketiJwtVerifier.goDuration(300)).isEqualTo("5m0s");
    assertThat(HeketiJwtVerifier.goDuration(45)).isEqualTo("45s");
    assertThat(HeketiJwtVerifier.goDuration(1795693531)).isEqualTo("498803h45m31s");
  }

  /**
   * A token sent again skips parsing and the HMAC (SignedTokens), and nothing else: the client's current
   * secret, exp, iat and qsh decide each time.
   */
  @Test
  void aTokenSentAgainIsCheckedAgainstTheCurrentSecretTimeAndPath() {
    AtomicLong seconds = new AtomicLong(NOW);
    Clock clock = mock(Clock.class);
    when(clock.instant()).thenAnswer(call -> Instant.ofEpochSecond(seconds.get()));
    HeketiJwtVerifier reused = new HeketiJwtVerifier(clients, 120, clock);
    String header = "bearer " + token("HS256", KEY, claims("GET", "/clusters"));
    var ocp = new ClientService.Credentials(new Caller("ocp", Role.POOL, Set.of("gluster-ocp")), KEY);
    assertThat(reused.verify(header, "GET", "/clusters")).isInstanceOf(HeketiJwtVerifier.Result.Verified.class);
    assertThat(reused.verify(header, "GET", "/clusters")).isInstanceOf(HeketiJwtVerifier.Result.Verified.class);

    when(clients.credentials("ocp")).thenReturn(Optional.of(
        new ClientService.Credentials(ocp.caller(), "rotated-secret")));
    refusedAsRecorded(reused.verify(header, "GET", "/clusters"), "bad signature (admin claims signed with wrong key)");
    when(clients.credentials("ocp")).thenReturn(Optional.empty());
    assertThat(reused.verify(header, "GET", "/clusters")).isEqualTo(
        new HeketiJwtVerifier.Result.Refused(401, "Invalid JWT token: Unknown user"));

    when(clients.credentials("ocp")).thenReturn(Optional.of(
        new ClientService.Credentials(new Caller("ocp", Role.POOL, Set.of("gluster-other")), KEY)));
    assertThat(reused.verify(header, "GET", "/clusters")).isEqualTo(
        new HeketiJwtVerifier.Result.Verified(new Caller("ocp", Role.POOL, Set.of("gluster-other"))));
    refusedAsRecorded(reused.verify(header, "GET", "/volumes"),
        "wrong qsh (token made for GET /volumes used on GET /clusters)");
    seconds.set(NOW + 301);
    assertThat(reused.verify(header, "GET", "/clusters")).isEqualTo(
        new HeketiJwtVerifier.Result.Refused(401, "Invalid JWT token: Token is expired by 1s"));
  }

  @Test
  void keptTokensAreBoundedInNumberAndTime() {
    AtomicLong nanos = new AtomicLong();
    SignedTokens kept = new SignedTokens(nanos::get);
    SignedTokens.Signed signed = SignedTokens.Signed.of(null, "ocp", KEY);
    for (int i = 0; i < SignedTokens.MAX_TOKENS + 50; i++) {
      kept.keep("token-" + i, signed);
    }
    assertThat(kept.size()).isLessThanOrEqualTo(SignedTokens.MAX_TOKENS);
    kept.keep("latest", signed);
    assertThat(kept.find("latest")).isSameAs(signed);
    nanos.addAndGet(SignedTokens.KEPT.toNanos());
    assertThat(kept.find("latest")).isNull();
  }

  @Test
  void theBearerTokenIsSplitAsHeketiSplitsIt() {
    assertThat(HeketiJwtVerifier.bearerToken(" Bearer \t a.b.c ")).isEqualTo("a.b.c");
    for (String header : new String[] {"bearer", "bearer ", "bearera.b.c", "x bearer a.b.c", "bearer a.b c", "bear a"}) {
      assertThat(HeketiJwtVerifier.bearerToken(header)).as(header).isNull();
    }
  }
}

package dev.tandem.heketi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Known answers: tokens computed independently (Python's hmac and hashlib, following the recipe
 * the recorded server accepted: HS256, claims exp/iat/iss/qsh, exp = iat + 300).
 */
class HeketiTokensTests {

  static final String ADMIN_KEY = "admin-secret-key";

  @Test
  void qshIsTheSha256OfMethodAndPath() {
    assertThat(HeketiTokens.qsh("GET", "/clusters"))
        .isEqualTo("4749a59de87c27c9b2f495c5f1309b2525681dfe30c8a7b83625901b132a9c26");
    assertThat(HeketiTokens.qsh("POST", "/volumes"))
        .isEqualTo("3a9831a9908924e3f78fe948585f41849e92724522f5153cb91aff7f8ea48eac");
  }

  @Test
  void signsExactlyAsHeketisGoClient() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1764157531), ZoneOffset.UTC);

    String token = new HeketiTokens("admin", ADMIN_KEY, clock).sign("GET", "/clusters");

    assertThat(token).isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        + ".eyJleHAiOjE3NjQxNTc4MzEsImlhdCI6MTc2NDE1NzUzMSwiaXNzIjoiYWRtaW4iLCJxc2giOiI0NzQ5YTU5ZGU4N2MyN2M5YjJmNDk1"
        + "YzVmMTMwOWIyNTI1NjgxZGZlMzBjOGE3YjgzNjI1OTAxYjEzMmE5YzI2In0"
        + ".47DRH6ecAXKwEwpc8q1HSkRSngN5k0rjUNhwEMJ3VqM");
  }

  @Test
  void everyTokenIsFreshAndBoundToItsPath() {
    HeketiTokens tokens = new HeketiTokens("admin", ADMIN_KEY, Clock.systemUTC());
    assertThat(tokens.sign("GET", "/queue/abc")).isNotEqualTo(tokens.sign("GET", "/queue/abd"));
    assertThat(tokens.sign("GET", "/volumes")).isNotEqualTo(tokens.sign("POST", "/volumes"));
  }

  @Test
  void aTokenOfTheSameSecondIsTheSameAndTheNextSecondSignsAnew() {
    AtomicLong millis = new AtomicLong(1_764_157_531_000L);
    Clock clock = mock(Clock.class);
    when(clock.instant()).thenAnswer(call -> Instant.ofEpochMilli(millis.get()));
    HeketiTokens tokens = new HeketiTokens("admin", ADMIN_KEY, clock);
    String first = tokens.sign("GET", "/clusters");
    millis.addAndGet(999);
    assertThat(tokens.sign("GET", "/clusters")).isSameAs(first);
    millis.addAndGet(1);
    String next = tokens.sign("GET", "/clusters");
    assertThat(next).isEqualTo(tokens.sign("GET", "/clusters", 1_764_157_532L, 1_764_157_532L + 300))
        .isNotEqualTo(first);
    assertThat(first).isEqualTo(tokens.sign("GET", "/clusters", 1_764_157_531L, 1_764_157_531L + 300));

    for (int i = 0; i < HeketiTokens.RECENT + 50; i++) {
      tokens.sign("GET", "/volumes/" + i);
    }
    assertThat(tokens.kept()).isLessThanOrEqualTo(HeketiTokens.RECENT);
  }
}

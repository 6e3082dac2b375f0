package dev.tandem.proxy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tandem.proxy.*}.
 *
 * @param poolInFlight Heketi operations one pool may have in flight through this API (Heketi admits 8
 *     in all); over it, an initiating request waits for a place (see admissionWait)
 * @param poolBorrow whether a pool over its share may use places of Heketi's limit the other pools do not
 *     use, keeping one free for each other pool with nothing in flight
 * @param retryAfter the Retry-After of that 429
 * @param admissionWait how long an initiating request waits for a place (of its pool's share and of
 *     Heketi's limit) to come free before it is answered that 429 (0: at once); a Go client told 429
 *     waits Retry-After plus up to 10 s, or 10 to 30 s, so waiting up to that long here is never slower
 * @param admissionWaiters how many requests may wait so on one replica; further ones are answered at once
 * @param earlyPoll while requests wait so, the pause before Tandem's first poll of an operation it
 *     started, doubled for each further one up to {@code tandem.heketi.poll-interval} ({@link EarlyPolls};
 *     0: none)
 * @param pollGrace how long a poll keeps answering "pending" while Heketi is unreachable before the
 *     operation ends as a terminal 500
 * @param operationTtl the longest an operation counts against its pool's share, even without a final
 *     answer: the backstop for a request whose answer never came back
 * @param followAfter an operation nobody has polled for this long is polled by Tandem itself, until
 *     it is final
 * @param followThreads how many of those polls run at once
 * @param answerRetention how long a final answer is kept for clients that poll late; then it is deleted
 */
@Validated
@ConfigurationProperties("tandem.proxy")
public record ProxyProperties(
    @DefaultValue("4") int poolInFlight,
    @DefaultValue("true") boolean poolBorrow,
    @DefaultValue("5s") Duration retryAfter,
    @DefaultValue("10s") Duration admissionWait,
    @Min(0) @Max(1000) @DefaultValue("64") int admissionWaiters,
    @DefaultValue("5ms") Duration earlyPoll,
    @DefaultValue("2m") Duration pollGrace,
    @DefaultValue("1h") Duration operationTtl,
    @DefaultValue("10s") Duration followAfter,
    @Min(1) @Max(16) @DefaultValue("2") int followThreads,
    @DefaultValue("24h") Duration answerRetention) {}

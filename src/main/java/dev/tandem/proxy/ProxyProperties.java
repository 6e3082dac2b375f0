package dev.tandem.proxy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tandem.proxy.*}.
 *
 * @param poolInFlight Heketi operations one pool may have in flight through this API (Heketi admits 8
 *     in all); over it, an initiating request gets 429 with Retry-After
 * @param retryAfter the Retry-After of that 429
 * @param pollGrace how long a poll keeps answering "pending" while Heketi is unreachable before the
 *     operation ends as a terminal 500
 * @param operationTtl how long an operation counts as in flight, and its final answer is kept
 */
@ConfigurationProperties("tandem.proxy")
public record ProxyProperties(
    @DefaultValue("4") int poolInFlight,
    @DefaultValue("5s") Duration retryAfter,
    @DefaultValue("2m") Duration pollGrace,
    @DefaultValue("1h") Duration operationTtl) {}

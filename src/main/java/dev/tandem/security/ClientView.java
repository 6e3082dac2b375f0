package dev.tandem.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Set;

/** A client as the API shows it; {@code secret} only in the answer that created or rotated it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientView(String name, Role role, Set<String> pools, OffsetDateTime createdAt,
    OffsetDateTime rotatedAt, String secret) {

  static ClientView of(ClientEntity c, String secret) {
    return new ClientView(c.name, c.role, Set.copyOf(c.pools), c.createdAt, c.rotatedAt, secret);
  }
}

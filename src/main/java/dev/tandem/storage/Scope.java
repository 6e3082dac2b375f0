package dev.tandem.storage;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Whether the caller may see a pool's objects: every caller but a pool-scoped client, which sees only
 * its own pools (authorities {@code role:pool} and {@code pool:<name>}, granted at authentication).
 */
final class Scope {

  static boolean visible(String pool) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null) {
      return true;
    }
    boolean scoped = auth.getAuthorities().stream().anyMatch(a -> "role:pool".equals(a.getAuthority()));
    return !scoped || auth.getAuthorities().stream().anyMatch(a -> ("pool:" + pool).equals(a.getAuthority()));
  }

  private Scope() {}
}

package dev.tandem.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated client. Its authorities are {@code role:<role>} and {@code pool:<name>} per
 * scoped pool, so that other modules can check scopes through Spring Security alone.
 */
public record Caller(String name, Role role, Set<String> pools) {

  public boolean mayUse(String pool) {
    return role != Role.POOL || pools.contains(pool);
  }

  public List<GrantedAuthority> authorities() {
    List<GrantedAuthority> out = new ArrayList<>();
    out.add(new SimpleGrantedAuthority("role:" + role.name().toLowerCase()));
    pools.forEach(p -> out.add(new SimpleGrantedAuthority("pool:" + p)));
    return out;
  }
}

package dev.tandem.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated client. Its authorities ({@code role:<role>}, {@code pool:<name>} per scoped
 * pool) describe it in Spring Security's terms; what it may do is {@link AccessPolicy}'s to decide.
 */
public record Caller(String name, Role role, Set<String> pools) {

  public List<GrantedAuthority> authorities() {
    List<GrantedAuthority> out = new ArrayList<>();
    out.add(new SimpleGrantedAuthority("role:" + role.name().toLowerCase()));
    pools.forEach(p -> out.add(new SimpleGrantedAuthority("pool:" + p)));
    return out;
  }
}

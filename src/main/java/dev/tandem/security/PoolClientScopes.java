package dev.tandem.security;

import dev.tandem.inventory.PoolDependents;
import jakarta.persistence.EntityManager;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The security side of deleting a pool: pool clients lose their scope on it (the database cascades
 * the scope rows). A client scoped to that pool alone keeps its name and secret but reaches nothing.
 * This replica forgets the clients it keeps ({@link CredentialCache}) when the deletion commits; the
 * others within {@code tandem.coordination.cache-staleness}.
 */
@Component
class PoolClientScopes implements PoolDependents {

  private final EntityManager em;
  private final ClientService clients;

  PoolClientScopes(EntityManager em, ClientService clients) {
    this.em = em;
    this.clients = clients;
  }

  @Override
  public Map<String, Long> removedWith(String pool) {
    clients.forgetEveryClient();
    return Map.of("clientScopes", em.createQuery("select count(c) from ClientEntity c join c.pools p where p = :pool",
        Long.class).setParameter("pool", pool).getSingleResult());
  }
}

package dev.tandem.security;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The client registry. Secrets are generated here, answered once, and kept only encrypted. The
 * bootstrap client {@code admin} is not in the registry ({@link BootstrapAdmin}). Authentication reads
 * a client through {@link CredentialCache}: a client created, rotated or revoked through this replica
 * is seen here at once, and by the other replicas within {@code tandem.coordination.cache-staleness}.
 */
@Service
public class ClientService {

  public static final String BOOTSTRAP_ADMIN = "admin";
  private static final Pattern CLIENT_NAME = Pattern.compile(Names.DNS_LABEL);

  private final ClientRepository clients;
  private final SecretCipher cipher;
  private final HeketiBindings inventory;
  private final String adminSecret;
  private final CredentialCache cache;

  ClientService(ClientRepository clients, SecretCipher cipher, HeketiBindings inventory, BootstrapAdmin admin,
      CoordinationProperties coordination) {
    this.clients = clients;
    this.cipher = cipher;
    this.inventory = inventory;
    this.adminSecret = admin.secret();
    this.cache = new CredentialCache(coordination.cacheStaleness(), Ticker.systemTicker());
  }

  @Transactional
  public ClientView create(ClientRequest request) {
    if (request.name().equals(BOOTSTRAP_ADMIN)) {
      throw refused(HttpStatus.CONFLICT, "conflict", "name", "'admin' is the bootstrap client, configured by"
          + " tandem.security.admin-secret", "choose another name");
    }
    Set<String> pools = checkedPools(request);
    if (clients.findByName(request.name()).isPresent()) {
      throw refused(HttpStatus.CONFLICT, "conflict", "name", "client " + request.name() + " already exists",
          "rotate its secret (POST /api/v1/clients/" + request.name() + "/rotate) or choose another name");
    }
    ClientEntity client = new ClientEntity();
    client.name = request.name();
    client.role = request.role();
    client.pools.addAll(pools);
    client.createdAt = OffsetDateTime.now();
    String secret = Secrets.newSecret();
    client.secretEncrypted = cipher.encrypt(secret);
    // a racing create of the same name breaks uk_client_name, which the problem handler answers with field name
    clients.saveAndFlush(client);
    cache.forget(client.name);
    return ClientView.of(client, secret);
  }

  @Transactional
  public ClientView rotate(String name) {
    ClientEntity client = find(name);
    String secret = Secrets.newSecret();
    client.secretEncrypted = cipher.encrypt(secret);
    client.rotatedAt = OffsetDateTime.now();
    cache.forget(name);
    return ClientView.of(client, secret);
  }

  @Transactional
  public void revoke(String name) {
    clients.delete(find(name));
    cache.forget(name);
  }

  @Transactional(readOnly = true)
  public List<ClientView> list() {
    return clients.findAll().stream().sorted(java.util.Comparator.comparing(c -> c.name))
        .map(c -> ClientView.of(c, null)).toList();
  }

  @Transactional(readOnly = true)
  public ClientView get(String name) {
    return ClientView.of(find(name), null);
  }

  /** The caller behind a name and secret (HTTP Basic), compared in constant time. */
  public Optional<Caller> authenticate(String name, String secret) {
    return credentials(name).filter(c -> equal(c.secret(), secret)).map(Credentials::caller);
  }

  /** A client and its secret, as {@link CredentialCache} keeps them: what verifying a JWT needs. */
  public Optional<Credentials> credentials(String name) {
    if (BOOTSTRAP_ADMIN.equals(name)) {
      return key(name).map(k -> new Credentials(new Caller(BOOTSTRAP_ADMIN, Role.ADMIN, Set.of()), k));
    }
    // no client has another name (ClientRequest): nothing to read, and nothing kept for a made-up one
    return CLIENT_NAME.matcher(name).matches() ? cache.get(name, this::read) : Optional.empty();
  }

  private Optional<Credentials> read(String name) {
    return clients.findByName(name).map(c -> new Credentials(new Caller(c.name, c.role, Set.copyOf(c.pools)),
        cipher.decrypt(c.secretEncrypted)));
  }

  /** Pools were deleted (their scope rows with them): no client is kept as it was read. */
  void forgetEveryClient() {
    cache.forgetAll();
  }

  /** A caller and its secret (the HMAC key of its JWTs). */
  public record Credentials(Caller caller, String secret) {}

  /** A client's secret: the HMAC key of its JWTs. */
  public Optional<String> key(String name) {
    if (BOOTSTRAP_ADMIN.equals(name)) {
      return adminSecret.isEmpty() ? Optional.empty() : Optional.of(adminSecret);
    }
    return credentials(name).map(Credentials::secret);
  }

  private Set<String> checkedPools(ClientRequest request) {
    Set<String> pools = new TreeSet<>(request.pools());
    if (request.role() == Role.POOL && pools.isEmpty()) {
      throw refused(HttpStatus.BAD_REQUEST, "invalid-field", "pools", "a pool client needs at least one pool",
          "name its pools, e.g. \"pools\":[\"gluster-ocp\"]");
    }
    if (request.role() != Role.POOL && !pools.isEmpty()) {
      throw refused(HttpStatus.BAD_REQUEST, "invalid-field", "pools", "only pool clients have pools",
          "leave pools out, or use role pool");
    }
    List<String> known = inventory.poolNames();
    for (String pool : pools) {
      if (!known.contains(pool)) {
        throw refused(HttpStatus.BAD_REQUEST, "unknown-reference", "pools", "there is no pool named '" + pool + "'",
            "name one of " + known);
      }
    }
    return pools;
  }

  private ClientEntity find(String name) {
    return clients.findByName(name).orElseThrow(() -> refused(HttpStatus.NOT_FOUND, "not-found", "",
        "there is no client named '" + name + "'" + (BOOTSTRAP_ADMIN.equals(name)
            ? " in the registry ('admin' is configured by tandem.security.admin-secret)" : ""),
        "list them: GET /api/v1/clients"));
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static ClientException refused(HttpStatus status, String type, String field, String detail, String fix) {
    return new ClientException(status, type, field, detail, fix);
  }
}

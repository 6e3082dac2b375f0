package dev.tandem.security;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tandem.security.*}.
 *
 * @param enabled false turns authentication off, deliberately (everything is then allowed)
 * @param adminSecret the bootstrap admin client's secret (TANDEM_SECURITY_ADMIN_SECRET); when
 *     absent the first replica to start generates one, keeps it encrypted in the database for every
 *     replica, and writes it to its own {@code <data-dir>/admin.secret}
 * @param masterKey the key every secret in the database is encrypted with
 *     (TANDEM_SECURITY_MASTER_KEY); the same on every replica
 * @param masterKeyFile a file holding the master key (TANDEM_SECURITY_MASTER_KEY_FILE), e.g. a
 *     mounted secret; used when master-key is not set
 * @param allowGeneratedMasterKey true lets Tandem generate a master key into
 *     {@code <data-dir>/master.key} on PostgreSQL too (TANDEM_SECURITY_ALLOW_GENERATED_MASTER_KEY);
 *     false by default, because a generated key is that replica's alone. On H2 (one replica) a key is
 *     generated there whenever neither master-key nor master-key-file is set
 * @param dataDir where generated secrets are kept (owner-only files)
 * @param iatLeewaySeconds how far a token's iat may lie in the future (Heketi: 120)
 * @param heketiParity clients named admin and user follow Heketi's own role rules on the
 *     Heketi-compatible API (user: only the exact path /volumes)
 * @param trustedOrigins origins besides Tandem's own (scheme://host[:port]) whose browser pages may
 *     write to Tandem, e.g. a UI served elsewhere; none by default
 */
@ConfigurationProperties("tandem.security")
public record SecurityProperties(
    @DefaultValue("true") boolean enabled,
    String adminSecret,
    String masterKey,
    Path masterKeyFile,
    @DefaultValue("false") boolean allowGeneratedMasterKey,
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("120") long iatLeewaySeconds,
    @DefaultValue("false") boolean heketiParity,
    @DefaultValue List<String> trustedOrigins) {}

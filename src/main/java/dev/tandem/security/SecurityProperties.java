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
 *     absent Tandem generates one into {@code <data-dir>/admin.secret}
 * @param masterKey the key client secrets are encrypted with (TANDEM_SECURITY_MASTER_KEY); when
 *     absent Tandem generates one into {@code <data-dir>/master.key}
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
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("120") long iatLeewaySeconds,
    @DefaultValue("false") boolean heketiParity,
    @DefaultValue List<String> trustedOrigins) {}

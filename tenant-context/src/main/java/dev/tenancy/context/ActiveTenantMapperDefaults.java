package dev.tenancy.context;

import java.util.HashMap;
import java.util.Map;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

/**
 * The defaults of the "Active tenant" mapper's Keycloak options, the ONE place that says what a mapper configured
 * with an empty or partial {@code config} does: what the admin console pre-fills. The claim is named
 * {@link TenancyConventions#DEFAULT_TENANT_CLAIM} and goes into the access token, the ID token, userinfo and
 * introspection unless an option says {@code "false"}; the lightweight access token and the token response stay off,
 * as in Keycloak.
 *
 * <p>Why: Keycloak reads its {@code *.claim} options as "only {@code "true"} is on", so a mapper created over REST
 * with {@code "config": {}} added no claim anywhere. The mapper (tenant-mapper) applies these defaults when it issues
 * tokens, and the tenant API (tenant-admin-rest, {@code CallerTokenScope}) reads the claim under the same name.
 */
public final class ActiveTenantMapperDefaults {

    private ActiveTenantMapperDefaults() {}

    /** The configured claim name, or {@code tenant} when none is set. */
    public static String claimName(Map<String, String> config) {
        String name = config == null ? null : config.get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME);
        return name == null || name.isBlank() ? TenancyConventions.DEFAULT_TENANT_CLAIM : name.trim();
    }

    /** Whether the claim goes into the (regular) access token: on unless set to anything but {@code true}. */
    public static boolean inAccessToken(Map<String, String> config) {
        return on(config, OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN);
    }

    /**
     * The configuration with every unset option given its default (claim name and the four token options), as
     * Keycloak's {@code ProtocolMapper#getEffectiveModel} is documented to return it. Options that are set are kept.
     */
    public static Map<String, String> effective(Map<String, String> config) {
        Map<String, String> effective = config == null ? new HashMap<>() : new HashMap<>(config);
        effective.put(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, claimName(config));
        for (String option : new String[] {
            OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN,
            OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN,
            OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO,
            OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION
        }) {
            effective.put(option, Boolean.toString(on(config, option)));
        }
        return effective;
    }

    /** Whether {@link #effective(Map)} would change anything (so the unchanged model can be used as it is). */
    public static boolean isComplete(Map<String, String> config) {
        return config != null && effective(config).equals(config);
    }

    /** Unset (or blank) is on; a set option is on only when it is {@code true}, as Keycloak reads it. */
    private static boolean on(Map<String, String> config, String option) {
        String value = config == null ? null : config.get(option);
        return value == null || value.isBlank() || "true".equals(value.trim());
    }
}

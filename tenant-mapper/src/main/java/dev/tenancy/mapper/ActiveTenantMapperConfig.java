package dev.tenancy.mapper;

import dev.tenancy.context.ActiveTenantMapperDefaults;
import dev.tenancy.context.TenancyConventions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.models.Constants;

/**
 * Typed, null-safe view of the "Active tenant" mapper's configuration. {@link #validate(Map)} is what the admin API
 * runs when the mapper is saved; token issuance only ever reads a configuration that passed it.
 */
public record ActiveTenantMapperConfig(
        String claimName,
        boolean includeGroups,
        ResourceAccess resourceAccess,
        List<String> attributes,
        boolean tenantsClaim,
        String tenantsClaimName,
        int tenantsLimit) {

    public static final String INCLUDE_GROUPS = "includeGroups";
    public static final String RESOURCE_ACCESS = "resourceAccess";
    public static final String ATTRIBUTES = "attributes";
    public static final String TENANTS_CLAIM = "tenantsClaim";
    public static final String TENANTS_CLAIM_NAME = "tenantsClaimName";
    public static final String TENANTS_LIMIT = "tenantsLimit";

    public static final int DEFAULT_TENANTS_LIMIT = 100;
    public static final int MAX_TENANTS_LIMIT = 1000;
    /** Length of Keycloak's column for a mapper option's name (PROTOCOL_MAPPER_CONFIG.NAME). */
    static final int MAX_OPTION_NAME_LENGTH = 255;

    /** Claim names may be nested with dots (as Keycloak allows) but must not be empty or contain blanks. */
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_:\\-]+(\\.[A-Za-z0-9_:\\-]+)*");

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[^\\s#]{1,255}");

    /** Which clients' roles go into {@code tenant.resource_access}. */
    public enum ResourceAccess {
        /** Only the clients the token is for: its audience and the client it was issued to. */
        AUDIENCE,
        /** Every client with a role granted through the tenant's groups. */
        ALL,
        /** No client roles at all. */
        NONE;

        static ResourceAccess parse(String value) {
            return value == null || value.isBlank()
                    ? AUDIENCE
                    : ResourceAccess.valueOf(value.trim().toUpperCase());
        }
    }

    public static ActiveTenantMapperConfig from(Map<String, String> config) {
        try {
            return validate(config);
        } catch (IllegalArgumentException e) {
            // validate() runs when the mapper is saved; this can only happen with a config written around the admin API
            // (e.g. a realm import). Fall back to the defaults rather than failing every token of the client.
            return validate(Map.of());
        }
    }

    /** Parses and validates; throws {@link IllegalArgumentException} with a message naming the bad option. */
    public static ActiveTenantMapperConfig validate(Map<String, String> raw) {
        Map<String, String> config = raw == null ? Map.of() : raw;
        for (String key : config.keySet()) {
            // Keycloak stores each option's name in a 255-character column: a longer one would fail at commit (a 500)
            if (key == null || key.isEmpty() || key.length() > MAX_OPTION_NAME_LENGTH) {
                throw new IllegalArgumentException(
                        "Invalid option name: 1 to " + MAX_OPTION_NAME_LENGTH + " characters expected");
            }
        }
        String claimName = ActiveTenantMapperDefaults.claimName(config);
        if (!CLAIM_NAME.matcher(claimName).matches()) {
            throw new IllegalArgumentException("Invalid claim name \"" + claimName + "\"");
        }
        ResourceAccess resourceAccess;
        try {
            resourceAccess = ResourceAccess.parse(config.get(RESOURCE_ACCESS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid " + RESOURCE_ACCESS + " \"" + config.get(RESOURCE_ACCESS) + "\": use one of "
                            + Arrays.toString(ResourceAccess.values()).toLowerCase());
        }
        List<String> attributes = new ArrayList<>();
        String rawAttributes = config.get(ATTRIBUTES);
        if (rawAttributes != null && !rawAttributes.isBlank()) {
            for (String name : Constants.CFG_DELIMITER_PATTERN.split(rawAttributes)) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!ATTRIBUTE_NAME.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("Invalid attribute name \"" + trimmed + "\"");
                }
                attributes.add(trimmed);
            }
        }
        boolean tenantsClaim = Boolean.parseBoolean(config.getOrDefault(TENANTS_CLAIM, "false"));
        String tenantsClaimName = valueOr(config, TENANTS_CLAIM_NAME, TenancyConventions.DEFAULT_TENANTS_CLAIM);
        if (!CLAIM_NAME.matcher(tenantsClaimName).matches()) {
            throw new IllegalArgumentException("Invalid " + TENANTS_CLAIM_NAME + " \"" + tenantsClaimName + "\"");
        }
        if (tenantsClaim && tenantsClaimName.equals(claimName)) {
            throw new IllegalArgumentException(TENANTS_CLAIM_NAME + " must differ from the tenant claim name");
        }
        int tenantsLimit;
        String rawLimit = valueOr(config, TENANTS_LIMIT, Integer.toString(DEFAULT_TENANTS_LIMIT));
        try {
            tenantsLimit = Integer.parseInt(rawLimit.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + TENANTS_LIMIT + " \"" + rawLimit + "\": not a number");
        }
        if (tenantsLimit < 1 || tenantsLimit > MAX_TENANTS_LIMIT) {
            throw new IllegalArgumentException(TENANTS_LIMIT + " must be between 1 and " + MAX_TENANTS_LIMIT);
        }
        return new ActiveTenantMapperConfig(
                claimName,
                Boolean.parseBoolean(config.getOrDefault(INCLUDE_GROUPS, "true")),
                resourceAccess,
                List.copyOf(attributes),
                tenantsClaim,
                tenantsClaimName,
                tenantsLimit);
    }

    /**
     * The admin API looks our message key up in its bundle, does not find it, and formats the message itself with
     * {@code MessageFormat}: a brace or apostrophe of the echoed value (e.g. a claim name {@code ${x}}) would make
     * that fail with a 500. They are shown as {@code ?}.
     */
    static String messageFormatSafe(String message) {
        return message.replace('{', '?').replace('}', '?').replace('\'', '?');
    }

    private static String valueOr(Map<String, String> config, String key, String defaultValue) {
        String value = config.get(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}

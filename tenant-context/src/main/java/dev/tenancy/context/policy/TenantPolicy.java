package dev.tenancy.context.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

/**
 * A tenant's security policy, as stored in its organization attributes {@code tenancy.policy.*} (see
 * {@link PolicyKey}). Keys that are not set fall back to the realm (which always applies as well: a tenant policy
 * only ever adds rules).
 *
 * <p>Read at enforcement time with {@link #of(KeycloakSession, OrganizationModel)}: one read of the tenant's
 * attributes per request, parsed once. Stored values that are not valid (a realm admin can type anything into the
 * console's Attributes tab) are skipped there and reported by {@link #problems()}; the tenant API never stores them
 * ({@link TenantPolicyValidator}).</p>
 */
public final class TenantPolicy {

    public static final TenantPolicy EMPTY = new TenantPolicy(new EnumMap<>(PolicyKey.class), Map.of());

    private static final String REQUEST_CACHE_PREFIX = "tenancy.policy.parsed:";

    private final EnumMap<PolicyKey, Object> values;
    private final Map<String, String> problems;

    TenantPolicy(EnumMap<PolicyKey, Object> values, Map<String, String> problems) {
        this.values = values;
        this.problems = problems;
    }

    /** The policy of {@code tenant}, parsed at most once per request (Keycloak session). */
    public static TenantPolicy of(KeycloakSession session, OrganizationModel tenant) {
        if (tenant == null) {
            return EMPTY;
        }
        String cacheKey = REQUEST_CACHE_PREFIX + tenant.getId();
        TenantPolicy cached = session == null ? null : session.getAttribute(cacheKey, TenantPolicy.class);
        if (cached != null) {
            return cached;
        }
        TenantPolicy policy = fromAttributes(tenant.getAttributes());
        if (session != null) {
            session.setAttribute(cacheKey, policy);
        }
        return policy;
    }

    /**
     * Parses the {@code tenancy.policy.*} attributes of an organization; other attributes are ignored, invalid values
     * and unknown {@code tenancy.policy.*} keys are skipped and listed in {@link #problems()}.
     */
    public static TenantPolicy fromAttributes(Map<String, List<String>> attributes) {
        EnumMap<PolicyKey, Object> values = new EnumMap<>(PolicyKey.class);
        Map<String, String> problems = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, raw) -> {
                if (name == null || !name.startsWith(PolicyKey.ATTRIBUTE_PREFIX)) {
                    return;
                }
                PolicyKey key = PolicyKey.ofAttribute(name).orElse(null);
                if (key == null) {
                    problems.put(name, "unknown policy key");
                    return;
                }
                if (raw == null || raw.isEmpty() || raw.stream().allMatch(v -> v == null || v.isBlank())) {
                    return; // an empty attribute is an unset key
                }
                try {
                    values.put(key, key.parse(raw));
                } catch (IllegalArgumentException e) {
                    problems.put(name, e.getMessage());
                }
            });
        }
        return new TenantPolicy(values, Collections.unmodifiableMap(problems));
    }

    /** Builds a policy from already typed values (as {@link PolicyKey#parse} returns them). */
    static TenantPolicy of(EnumMap<PolicyKey, Object> typedValues) {
        return new TenantPolicy(new EnumMap<>(typedValues), Map.of());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean isSet(PolicyKey key) {
        return values.containsKey(key);
    }

    /** Stored values that could not be used (attribute name to reason); empty for a policy written by the API. */
    public Map<String, String> problems() {
        return problems;
    }

    // ---- MFA ----

    public MfaRequirement mfa() {
        return (MfaRequirement) values.getOrDefault(PolicyKey.MFA, MfaRequirement.OFF);
    }

    /** The second factors that count for this tenant; {@link MfaMethod#DEFAULTS} (all but email) when not set. */
    @SuppressWarnings("unchecked")
    public Set<MfaMethod> mfaMethods() {
        Set<MfaMethod> methods = (Set<MfaMethod>) values.get(PolicyKey.MFA_METHODS);
        return methods == null ? MfaMethod.DEFAULTS : Collections.unmodifiableSet(methods);
    }

    /** Whether a member must use a second factor to enter this tenant. */
    public boolean requiresMfa(boolean memberIsTenantAdmin) {
        return switch (mfa()) {
            case OFF -> false;
            case ADMINS -> memberIsTenantAdmin;
            case ALL -> true;
        };
    }

    // ---- password ----

    /** A numeric password rule, or 0 when not set. */
    public int passwordRule(PolicyKey key) {
        Object value = values.get(key);
        return value instanceof Integer i ? i : 0;
    }

    /** A boolean rule, false when not set. */
    public boolean flag(PolicyKey key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    public boolean hasPasswordRules() {
        return values.keySet().stream().anyMatch(k -> k.key().startsWith("password."));
    }

    // ---- sessions ----

    /** The tenant's idle timeout in seconds, 0 when not set. */
    public int sessionIdleSeconds() {
        return passwordRule(PolicyKey.SESSION_IDLE_SECONDS);
    }

    /** The tenant's absolute session lifetime in seconds, 0 when not set. */
    public int sessionMaxSeconds() {
        return passwordRule(PolicyKey.SESSION_MAX_SECONDS);
    }

    // ---- email ----

    public boolean emailVerifiedRequired() {
        return flag(PolicyKey.EMAIL_VERIFIED_REQUIRED);
    }

    /** The allowed member email domains (lower case); empty when any domain is allowed. */
    @SuppressWarnings("unchecked")
    public List<String> emailAllowedDomains() {
        List<String> domains = (List<String>) values.get(PolicyKey.EMAIL_ALLOWED_DOMAINS);
        return domains == null ? List.of() : domains;
    }

    /**
     * Whether an email address may belong to a member of (or be invited to) this tenant: any address when no domains
     * are set, else an address whose domain is one of them (exactly, not a subdomain).
     */
    public boolean allowsEmail(String email) {
        List<String> domains = emailAllowedDomains();
        if (domains.isEmpty()) {
            return true;
        }
        if (email == null) {
            return false;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return false;
        }
        return domains.contains(email.substring(at + 1).trim().toLowerCase(Locale.ROOT));
    }

    // ---- representations ----

    /** The set keys with their JSON values, by API key name (what GET of the tenant API returns). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        values.forEach((key, value) -> json.put(key.key(), key.toJson(value)));
        return json;
    }

    /**
     * {@code attributes} with every {@code tenancy.policy.*} entry replaced by this policy (other attributes kept), for
     * {@link OrganizationModel#setAttributes}.
     */
    public Map<String, List<String>> applyTo(Map<String, List<String>> attributes) {
        Map<String, List<String>> updated = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, value) -> {
                if (!name.startsWith(PolicyKey.ATTRIBUTE_PREFIX)) {
                    updated.put(name, value);
                }
            });
        }
        values.forEach((key, value) -> updated.put(key.attribute(), key.format(value)));
        return updated;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TenantPolicy p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "TenantPolicy" + toJson();
    }
}

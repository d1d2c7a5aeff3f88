package dev.tenancy.admin.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantBranding;
import dev.tenancy.context.policy.PolicyKey;
import dev.tenancy.context.policy.RealmBaseline;
import dev.tenancy.context.policy.TenantPolicyValidator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Finds {@code tenancy.*} organization attributes that are stored but invalid (written through the console or the
 * admin API, which do not validate them): an unknown key under our prefix, or a value the tenant policy validator or
 * the branding rules refuse. Such values are ignored at runtime; the health check names them so an admin can fix them.
 */
final class StoredAttributeCheck {

    /** At most this many findings are listed (a realm may hold thousands of tenants). */
    static final int MAX_FINDINGS = 100;

    private StoredAttributeCheck() {
    }

    /** One invalid attribute: the tenant's alias, the attribute and what is wrong with it. */
    record Finding(String tenant, String attribute, String problem) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tenant", tenant);
            json.put("attribute", attribute);
            json.put("problem", problem);
            return json;
        }
    }

    static List<Finding> findings(KeycloakSession session, RealmModel realm) {
        List<Finding> findings = new ArrayList<>();
        if (!realm.isOrganizationsEnabled()) {
            return findings;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null) {
            return findings;
        }
        RealmBaseline baseline = RealmBaseline.of(realm);
        organizations.getAllStream().takeWhile(o -> findings.size() < MAX_FINDINGS)
                .forEach(organization -> findings.addAll(check(organization.getAlias(), attributes(organization), baseline)));
        return findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings;
    }

    /** The findings for one tenant's attributes (pure: unit-tested). */
    static List<Finding> check(String tenant, Map<String, List<String>> attributes, RealmBaseline baseline) {
        List<Finding> findings = new ArrayList<>();
        TenantPolicyValidator.validateAttributes(attributes, baseline).errors().forEach(error -> findings.add(
                new Finding(tenant, PolicyKey.ATTRIBUTE_PREFIX + error.field(), error.message())));
        attributes.forEach((name, values) -> {
            if (name == null || !name.startsWith(TenancyConventions.ATTRIBUTE_PREFIX) || name.startsWith(PolicyKey.ATTRIBUTE_PREFIX)) {
                return;
            }
            if (!name.startsWith(TenantBranding.ATTRIBUTE_PREFIX)
                    || !TenantBranding.KEYS.contains(name.substring(TenantBranding.ATTRIBUTE_PREFIX.length()))) {
                findings.add(new Finding(tenant, name, "unknown key; known keys: " + PolicyKey.ATTRIBUTE_PREFIX + "* (see "
                        + "docs/ARCHITECTURE.md, Tenant policies) and " + TenantBranding.KEYS.stream()
                                .map(TenantBranding::attribute).toList()));
                return;
            }
            String key = name.substring(TenantBranding.ATTRIBUTE_PREFIX.length());
            List<String> present = values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
            if (present.size() > 1) {
                findings.add(new Finding(tenant, name, "must hold one value, not " + present.size()));
            }
            present.stream().map(value -> TenantBranding.problem(key, value)).flatMap(java.util.Optional::stream).findFirst()
                    .ifPresent(problem -> findings.add(new Finding(tenant, name, problem)));
        });
        return findings;
    }

    private static Map<String, List<String>> attributes(OrganizationModel organization) {
        Map<String, List<String>> attributes = organization.getAttributes();
        return attributes == null ? Map.of() : attributes;
    }
}

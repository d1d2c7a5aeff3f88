package dev.tenancy.admin.setup;

import dev.tenancy.context.TenantAttributeRules;
import dev.tenancy.context.policy.RealmBaseline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Finds {@code tenancy.*} organization attributes that are stored but invalid by {@link TenantAttributeRules} (the
 * rules every write path checks): values stored before that check existed, or a tenant policy that became weaker than
 * the realm's when the realm's policy changed. Such values are ignored at runtime; the health check names them so an
 * admin can fix them.
 */
final class StoredAttributeCheck {

    /** At most this many findings are listed (a realm may hold thousands of tenants). */
    static final int MAX_FINDINGS = 100;

    private StoredAttributeCheck() {}

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
        organizations
                .getAllStream()
                .takeWhile(o -> findings.size() < MAX_FINDINGS)
                .forEach(organization ->
                        findings.addAll(check(organization.getAlias(), attributes(organization), baseline)));
        return findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings;
    }

    /** The findings for one tenant's attributes, by the rules every write path uses (pure: unit-tested). */
    static List<Finding> check(String tenant, Map<String, List<String>> attributes, RealmBaseline baseline) {
        return TenantAttributeRules.problems(attributes, baseline).stream()
                .map(problem -> new Finding(tenant, problem.attribute(), problem.rule()))
                .toList();
    }

    private static Map<String, List<String>> attributes(OrganizationModel organization) {
        Map<String, List<String>> attributes = organization.getAttributes();
        return attributes == null ? Map.of() : attributes;
    }
}

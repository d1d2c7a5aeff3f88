package dev.tenancy.context;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.OrganizationModel;

/**
 * What a member holds in ONE tenant: the paths of the member's organization groups (relative to the organization,
 * e.g. {@code /admins}) and the effective roles of those groups and of their parent organization groups, composites
 * expanded. Realm roles are given by name, client roles by client id.
 */
public record TenantAccess(
        OrganizationModel tenant, List<String> groups, Set<String> realmRoles, Map<String, Set<String>> clientRoles) {

    public boolean hasClientRole(String clientId, String role) {
        Set<String> roles = clientRoles.get(clientId);
        return roles != null && roles.contains(role);
    }
}

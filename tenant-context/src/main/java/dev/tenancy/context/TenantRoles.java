package dev.tenancy.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * Computes a member's {@link TenantAccess} in one tenant. This is the single place where "tenant roles" are defined:
 * the mapper puts them into tokens, the tenant-admin API authorises with them, the MFA condition reads them.
 *
 * <p>Unlike Keycloak's own {@code OrganizationGroupMembershipMapper}, roles of PARENT organization groups are
 * inherited (a member of {@code /admins/billing} also holds what {@code /admins} grants), as realm groups do. The
 * walk stops at the organization's hidden internal group, which is not a tenant role.</p>
 *
 * <p>Cost: one query for the member's groups in this one organization plus their parents; it never loads the user's
 * other tenants, so a user in 5,000 tenants costs the same as a user in one.</p>
 */
public final class TenantRoles {

    private TenantRoles() {}

    /**
     * As {@link #of(OrganizationProvider, OrganizationModel, UserModel)}, computed at most once per request (Keycloak
     * session): the token mappers and the tenant policy's checks of one token response share it. For token issuance
     * only; code that changes role mappings in the same request must use the uncached form.
     */
    public static TenantAccess of(KeycloakSession session, OrganizationModel tenant, UserModel user) {
        String key = "tenancy.roles:" + tenant.getId() + ":" + user.getId();
        TenantAccess cached = session.getAttribute(key, TenantAccess.class);
        if (cached == null) {
            cached = of(Organizations.getProvider(session), tenant, user);
            session.setAttribute(key, cached);
        }
        return cached;
    }

    public static TenantAccess of(OrganizationProvider organizations, OrganizationModel tenant, UserModel user) {
        GroupModel internalGroup = organizations.getOrganizationGroup(tenant);
        String internalGroupId = internalGroup == null ? null : internalGroup.getId();

        List<String> paths = new ArrayList<>();
        Set<RoleModel> mapped = new HashSet<>();
        Set<String> visited = new HashSet<>();
        organizations.getOrganizationGroupsByMember(tenant, user).forEach(group -> {
            paths.add(KeycloakModelUtils.buildGroupPath(group));
            for (GroupModel g = group; g != null && !g.getId().equals(internalGroupId); g = g.getParent()) {
                if (!visited.add(g.getId())) {
                    break; // a parent already walked from another group of the member
                }
                g.getRoleMappingsStream().forEach(mapped::add);
            }
        });
        Collections.sort(paths);

        Set<String> realmRoles = new TreeSet<>();
        Map<String, Set<String>> clientRoles = new TreeMap<>();
        for (RoleModel role : RoleUtils.expandCompositeRoles(mapped)) {
            if (role.getContainer() instanceof RealmModel) {
                realmRoles.add(role.getName());
            } else if (role.getContainer() instanceof ClientModel client) {
                clientRoles
                        .computeIfAbsent(client.getClientId(), k -> new TreeSet<>())
                        .add(role.getName());
            }
        }
        return new TenantAccess(tenant, List.copyOf(paths), realmRoles, clientRoles);
    }
}

package dev.tenancy.admin.resource;

import dev.tenancy.admin.representation.RoleRepresentation;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantPermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * The tenant's roles: its organization groups (nested ones too), named by id or by path relative to the tenant
 * ({@code admins/billing} or {@code /admins/billing}).
 */
final class TenantGroups {

    private final KeycloakSession session;
    private final OrganizationProvider organizations;
    private final OrganizationModel tenant;

    TenantGroups(KeycloakSession session, OrganizationModel tenant) {
        this.session = session;
        this.organizations = Organizations.getProvider(session);
        this.tenant = tenant;
    }

    /** All groups of the tenant, parents before children, by path. */
    List<GroupModel> all() {
        List<GroupModel> out = new ArrayList<>();
        organizations.getTopLevelGroups(tenant, null, null).forEach(g -> collect(g, out));
        out.sort((a, b) -> path(a).compareTo(path(b)));
        return out;
    }

    private static void collect(GroupModel group, List<GroupModel> out) {
        out.add(group);
        group.getSubGroupsStream().forEach(g -> collect(g, out));
    }

    /** The group named by {@code idOrPath} if it is one of THIS tenant's groups. */
    Optional<GroupModel> find(String idOrPath) {
        if (idOrPath == null || idOrPath.isBlank() || idOrPath.length() > 1024 || idOrPath.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        GroupModel internal = organizations.getOrganizationGroup(tenant);
        GroupModel byId = session.groups().getGroupById(session.getContext().getRealm(), idOrPath);
        if (byId != null && belongsToTenant(byId, internal)) {
            return Optional.of(byId);
        }
        String[] names = idOrPath.replaceAll("^/+|/+$", "").split("/");
        Stream<GroupModel> level = organizations.getTopLevelGroups(tenant, null, null);
        GroupModel current = null;
        for (String name : names) {
            Optional<GroupModel> next =
                    level.filter(g -> g.getName().equals(name)).findFirst();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
            level = current.getSubGroupsStream();
        }
        return Optional.ofNullable(current);
    }

    private static boolean belongsToTenant(GroupModel group, GroupModel internal) {
        if (internal == null || group.getId().equals(internal.getId())) {
            return false; // the hidden internal group is not a tenant role
        }
        for (GroupModel g = group.getParent(); g != null; g = g.getParent()) {
            if (g.getId().equals(internal.getId())) {
                return true;
            }
        }
        return false;
    }

    static String path(GroupModel group) {
        return KeycloakModelUtils.buildGroupPath(group);
    }

    /** The tenant permissions a member of {@code group} holds through it (its and its parents' role mappings). */
    Set<String> permissionsOf(GroupModel group) {
        GroupModel internal = organizations.getOrganizationGroup(tenant);
        Set<RoleModel> mapped = new HashSet<>();
        for (GroupModel g = group;
                g != null && (internal == null || !g.getId().equals(internal.getId()));
                g = g.getParent()) {
            g.getRoleMappingsStream().forEach(mapped::add);
        }
        Set<String> permissions = new TreeSet<>();
        for (RoleModel role : RoleUtils.expandCompositeRoles(mapped)) {
            if (role.getContainer() instanceof ClientModel client
                    && TenancyConventions.PERMISSIONS_CLIENT_ID.equals(client.getClientId())) {
                permissions.add(role.getName());
            }
        }
        return permissions;
    }

    /** The role without {@code grantable} (as recorded in admin events). */
    RoleRepresentation toRepresentation(GroupModel group) {
        return new RoleRepresentation(group.getId(), group.getName(), path(group), permissionsOf(group), null);
    }

    /** The role with {@code grantable}: whether {@code scope}'s caller may hand it out ({@link #missingPermission}). */
    RoleRepresentation toRepresentation(GroupModel group, TenantScope scope) {
        Set<String> permissions = permissionsOf(group);
        return new RoleRepresentation(
                group.getId(),
                group.getName(),
                path(group),
                permissions,
                missingPermission(scope, permissions).isEmpty());
    }

    /**
     * The rule for handing out a role (granting, revoking, inviting with it): the caller must hold every tenant
     * permission the role confers (so a tenant admin may hand out every role; realm admins hold all). Returns the
     * first permission the caller lacks, or empty when the caller may.
     */
    Optional<String> missingPermission(TenantScope scope, GroupModel group) {
        return missingPermission(scope, permissionsOf(group));
    }

    private static Optional<String> missingPermission(TenantScope scope, Set<String> permissions) {
        return permissions.stream()
                .filter(permission -> TenantPermission.fromRoleName(permission)
                        .map(p -> !scope.has(p))
                        .orElse(false))
                .findFirst();
    }
}

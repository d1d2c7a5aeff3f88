package dev.tenancy.admin.resource;

import dev.tenancy.admin.representation.MemberRepresentation;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantPermission;
import dev.tenancy.context.TenantRoles;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * {@code POST /realms/{realm}/tenants/{alias}/leave}: a member ends their own membership (no permission needed; the
 * token must act in this tenant, as on every tenant path). Refused with 409 when it would leave the tenant without
 * anyone holding {@code tenant-admin} (only a realm admin could then administer it), and for a member MANAGED by the
 * tenant's identity provider (Keycloak deletes such a user with the membership: the account would be gone, in every
 * tenant). 404 when the caller is not a member (a realm admin on the tenant's path).
 */
public class TenantLeaveResource {

    private final KeycloakSession session;
    private final TenantScope scope;

    TenantLeaveResource(KeycloakSession session, TenantScope scope) {
        this.session = session;
        this.scope = scope;
    }

    @POST
    @Path("")
    public Response leave() {
        OrganizationModel tenant = scope.tenant();
        UserModel user = scope.caller().user();
        OrganizationProvider organizations = Organizations.getProvider(session);
        if (!organizations.isMember(tenant, user)) {
            throw OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "You are not a member of this tenant");
        }
        if (organizations.isManagedMember(tenant, user)) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT,
                    "conflict",
                    "Your account is managed by the tenant's"
                            + " identity provider and would be deleted with the membership; ask a realm admin");
        }
        if (TenantRoles.of(organizations, tenant, user)
                        .hasClientRole(
                                TenancyConventions.PERMISSIONS_CLIENT_ID, TenantPermission.TENANT_ADMIN.roleName())
                && !anotherAdmin(tenant, user)) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT,
                    "conflict",
                    "You are the last member holding"
                            + " tenant-admin; make another member a tenant admin before you leave");
        }
        MemberRepresentation member = MemberRepresentation.of(user);
        organizations.removeMember(tenant, user);
        scope.caller()
                .adminEvent()
                .operation(OperationType.DELETE)
                .resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", tenant.getId(), "members", user.getId())
                .representation(member)
                .detail(TenantResource.DETAIL_TENANT, tenant.getAlias())
                .detail(TenantResource.DETAIL_TENANT_ID, tenant.getId())
                .detail(UserModel.USERNAME, user.getUsername())
                .detail(UserModel.EMAIL, user.getEmail())
                .success();
        return Response.noContent().build();
    }

    /**
     * Whether an enabled member other than {@code user} holds {@code tenant-admin} through one of the tenant's groups
     * (a group carrying it, or a subgroup of one: members inherit their parents' mappings). Reads at most 20 members
     * per such group.
     */
    private boolean anotherAdmin(OrganizationModel tenant, UserModel user) {
        RealmModel realm = session.getContext().getRealm();
        TenantGroups groups = new TenantGroups(session, tenant);
        for (GroupModel group : groups.all()) {
            if (groups.permissionsOf(group).contains(TenantPermission.TENANT_ADMIN.roleName())
                    && session.users()
                            .getGroupMembersStream(realm, group, 0, 20)
                            .anyMatch(other -> !other.getId().equals(user.getId()) && other.isEnabled())) {
                return true;
            }
        }
        return false;
    }
}

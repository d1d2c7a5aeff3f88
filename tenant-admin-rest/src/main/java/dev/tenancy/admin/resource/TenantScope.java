package dev.tenancy.admin.resource;

import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantAccess;
import dev.tenancy.context.TenantPermission;
import dev.tenancy.context.TenantRoles;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * One tenant as seen by one caller, after the visibility rules; every {@code /tenants/{alias}/...} call goes through
 * {@link #resolve} and then {@link #require}.
 *
 * <ol>
 *   <li>Realm admins see every tenant of the realm (also suspended ones) and hold every permission.</li>
 *   <li>Anyone else: the tenant must exist and the caller must be its member, else 404 {@code not_found}, the same
 *       answer as for an unknown alias, so non-members cannot probe which tenants exist.</li>
 *   <li>The token must act in THIS tenant: its active-tenant claim ({@code tenant.alias}) must name it, else 403
 *       {@code access_denied} ("switch first"). A member learns nothing new from the 403: they know the tenant. So a
 *       token of tenant A never acts in tenant B, even when its user is an admin of B.</li>
 *   <li>A suspended (disabled) tenant answers 403 to everyone but realm admins.</li>
 *   <li>{@link #require}: the permission must be among the caller's roles IN this tenant ({@link TenantRoles}, from
 *       the tenant's organization groups) and in the token's role scope, else 403 {@code access_denied}.</li>
 * </ol>
 */
public final class TenantScope {

    private final TenantCaller caller;
    private final OrganizationModel tenant;
    private final TenantAccess access;

    private TenantScope(TenantCaller caller, OrganizationModel tenant, TenantAccess access) {
        this.caller = caller;
        this.tenant = tenant;
        this.access = access;
    }

    public static TenantScope resolve(KeycloakSession session, TenantCaller caller, String alias) {
        OrganizationProvider organizations = Organizations.getProvider(session);
        // NUL never reaches the database: PostgreSQL refuses it in a text parameter (a 500), no alias holds it
        OrganizationModel tenant =
                alias == null || alias.length() > 255 || alias.indexOf('\0') >= 0 || organizations == null
                        ? null
                        : organizations.getByAlias(alias);
        if (caller.isRealmAdmin()) {
            if (tenant == null) {
                throw notFound();
            }
            return new TenantScope(caller, tenant, null);
        }
        if (tenant == null || !organizations.isMember(tenant, caller.user())) {
            throw notFound();
        }
        String active = caller.activeTenantAlias();
        if (!tenant.getAlias().equals(active)) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    active == null
                            ? "The access token names no active tenant; request a token for tenant '"
                                    + tenant.getAlias() + "'"
                            : "The access token acts in tenant '" + active + "'; switch to tenant '" + tenant.getAlias()
                                    + "' first (refresh with tenant=" + tenant.getAlias() + ")");
        }
        if (!tenant.isEnabled()) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, "access_denied", "The tenant is suspended");
        }
        return new TenantScope(caller, tenant, TenantRoles.of(organizations, tenant, caller.user()));
    }

    /**
     * The permissions {@link #has} grants in {@code tenant} to a caller that is its member (or a realm admin), as
     * {@code GET /tenants/me} lists them: the same rule as every endpoint's check, without the active-tenant rule
     * (the caller switches into the tenant to use them). Empty for a suspended tenant unless the caller is a realm
     * admin: the API refuses everything else there.
     */
    static List<String> permissionsIn(TenantCaller caller, OrganizationModel tenant, TenantAccess access) {
        if (!caller.isRealmAdmin() && !tenant.isEnabled()) {
            return List.of();
        }
        TenantScope scope = new TenantScope(caller, tenant, access);
        return Arrays.stream(TenantPermission.values())
                .filter(scope::has)
                .map(TenantPermission::roleName)
                .toList();
    }

    static jakarta.ws.rs.WebApplicationException notFound() {
        return OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "Tenant not found");
    }

    /** Throws 403 unless the caller holds {@code permission} in this tenant (realm admins hold all). */
    public TenantScope require(TenantPermission permission) {
        if (!has(permission)) {
            if (access != null
                    && access.hasClientRole(TenancyConventions.PERMISSIONS_CLIENT_ID, permission.roleName())) {
                throw OAuthErrors.exception(
                        Response.Status.FORBIDDEN,
                        "access_denied",
                        "Tenant permission '" + permission.roleName()
                                + "' is not in the role scope of the access token's client");
            }
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    "Tenant permission '" + permission.roleName() + "' required");
        }
        return this;
    }

    /**
     * Realm admins hold every permission; anyone else a permission that is among their roles in this tenant AND in the
     * token's role scope (the client's full scope or scope mappings, or those of its client scopes).
     */
    public boolean has(TenantPermission permission) {
        return caller.isRealmAdmin()
                || access.hasClientRole(TenancyConventions.PERMISSIONS_CLIENT_ID, permission.roleName())
                        && caller.tokenAllows(TenancyConventions.PERMISSIONS_CLIENT_ID, permission.roleName());
    }

    public TenantCaller caller() {
        return caller;
    }

    public OrganizationModel tenant() {
        return tenant;
    }
}

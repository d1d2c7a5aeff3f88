package dev.tenancy.admin.portal;

import static dev.tenancy.admin.bootstrap.PublicClientSettings.addIfDiffers;

import dev.tenancy.admin.bootstrap.PublicClientSettings;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantPermission;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The security-relevant settings of the client {@value #CLIENT_ID}, the tenant admin portal's: what they must be, what
 * a client has, and which differ. A value, so the upgrade decision is testable without a server
 * ({@code TenancyClients} reads and writes the client model).
 *
 * <p>Required: a {@link PublicClientSettings#required public PKCE client} with exactly one redirect URI (the portal's
 * page), web origin {@code +} (the origin of that redirect URI: the server itself, which cookie mode's Origin check and
 * the tenant API's CORS check use), cookie mode on ({@value #COOKIE_MODE_ATTRIBUTE}), the tenant-API scope
 * {@value TenancyConventions#TENANT_API_SCOPE} as a default scope, the "Active tenant" mapper on the client (the
 * tenant API acts in the token's active tenant), and full scope off with EXACTLY these role scope mappings: every
 * tenant permission, and the two realm-management roles by which the tenant API recognises a realm admin
 * ({@code TenantCaller}). Nothing else: a portal token carries no other role.</p>
 */
public record PortalClientSettings(
        PublicClientSettings client,
        String cookieMode,
        Set<String> scopeMappings,
        boolean tenantApiScopeDefault,
        boolean activeTenantMapper) {

    public static final String CLIENT_ID = "tenancy-portal";
    /** refresh-policy's cookie-mode switch (CookieSessionResource.COOKIE_MODE_ATTRIBUTE; that module is not a dependency). */
    public static final String COOKIE_MODE_ATTRIBUTE = TenancyConventions.ATTRIBUTE_PREFIX + "session.cookie-mode";
    /** The client of Keycloak's per-realm admin roles (not in the master realm, whose admins have other clients). */
    public static final String REALM_MANAGEMENT = "realm-management";
    /** The realm-admin roles {@code TenantCaller} accepts. */
    public static final List<String> REALM_ADMIN_ROLES = List.of("manage-realm", "manage-organizations");

    public PortalClientSettings {
        scopeMappings = scopeMappings == null ? Set.of() : Set.copyOf(scopeMappings);
    }

    /** {@code /realms/{realm}/tenants/portal/}: the page, and the one redirect URI of the client. */
    public static String portalPath(String realmName) {
        return "/realms/" + PortalPaths.segment(realmName) + "/tenants/portal/";
    }

    /**
     * The required settings in realm {@code realmName}; {@code realmManagement} tells whether the realm has the
     * {@value #REALM_MANAGEMENT} client (the master realm has none: no realm-admin scope mappings there).
     */
    public static PortalClientSettings required(String realmName, boolean realmManagement) {
        return new PortalClientSettings(
                PublicClientSettings.required(Set.of(portalPath(realmName)), Set.of("+")),
                "true",
                requiredScopeMappings(realmManagement),
                true,
                true);
    }

    /** Role scope mappings as {@code clientId/roleName}. */
    public static Set<String> requiredScopeMappings(boolean realmManagement) {
        Set<String> roles = new LinkedHashSet<>();
        for (TenantPermission permission : TenantPermission.values()) {
            roles.add(TenancyConventions.PERMISSIONS_CLIENT_ID + "/" + permission.roleName());
        }
        if (realmManagement) {
            REALM_ADMIN_ROLES.forEach(role -> roles.add(REALM_MANAGEMENT + "/" + role));
        }
        return roles;
    }

    /** The names of the settings in which {@code actual} differs from this (required) one; empty when none. */
    public List<String> drift(PortalClientSettings actual) {
        List<String> names = client.drift(actual.client);
        addIfDiffers(names, COOKIE_MODE_ATTRIBUTE, cookieMode, actual.cookieMode);
        addIfDiffers(names, "scopeMappings", scopeMappings, actual.scopeMappings);
        addIfDiffers(
                names,
                "defaultClientScope:" + TenancyConventions.TENANT_API_SCOPE,
                tenantApiScopeDefault,
                actual.tenantApiScopeDefault);
        addIfDiffers(
                names,
                "protocolMapper:" + TenancyConventions.ACTIVE_TENANT_MAPPER_ID,
                activeTenantMapper,
                actual.activeTenantMapper);
        return names;
    }

    /** Role mappings this client has and must lose ({@code actual} minus required). */
    public Set<String> extraScopeMappings(PortalClientSettings actual) {
        Set<String> extra = new LinkedHashSet<>(actual.scopeMappings);
        extra.removeAll(scopeMappings);
        return extra;
    }

    /** Role mappings this client lacks (required minus {@code actual}). */
    public Set<String> missingScopeMappings(PortalClientSettings actual) {
        Set<String> missing = new LinkedHashSet<>(scopeMappings);
        missing.removeAll(actual.scopeMappings);
        return missing;
    }
}

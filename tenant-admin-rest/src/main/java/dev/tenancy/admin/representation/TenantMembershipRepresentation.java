package dev.tenancy.admin.representation;

import dev.tenancy.context.TenantAccess;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of the caller's tenants with the caller's groups and roles in it, as returned by {@code GET /tenants/me}.
 * {@code permissions}: the tenant permissions this token may use in the tenant (its roles there that are in the token's
 * role scope; all for a realm admin; none in a suspended tenant), exactly what the API checks.
 */
public record TenantMembershipRepresentation(
        String id,
        String alias,
        String name,
        boolean enabled,
        List<String> groups,
        Set<String> roles,
        Map<String, Set<String>> resourceAccess,
        List<String> permissions) {

    public static TenantMembershipRepresentation of(TenantAccess access, List<String> permissions) {
        return new TenantMembershipRepresentation(
                access.tenant().getId(),
                access.tenant().getAlias(),
                access.tenant().getName(),
                access.tenant().isEnabled(),
                access.groups(),
                access.realmRoles(),
                access.clientRoles(),
                permissions);
    }
}

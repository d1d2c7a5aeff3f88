package dev.tenancy.admin.representation;

import java.util.List;

/**
 * The caller and the tenants the caller belongs to (one page of them). {@code realmAdmin}: the token may list, create,
 * suspend and resume tenants (the check of {@code POST /tenants}, the token's role scope included).
 */
public record MeRepresentation(
        String userId,
        String username,
        String activeTenant,
        boolean realmAdmin,
        List<TenantMembershipRepresentation> tenants) {}

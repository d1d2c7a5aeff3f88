package dev.tenancy.admin.representation;

import java.util.List;

/** The caller and the tenants the caller belongs to (one page of them). */
public record MeRepresentation(String userId, String username, String activeTenant,
        List<TenantMembershipRepresentation> tenants) {
}

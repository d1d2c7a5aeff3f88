package dev.tenancy.admin.representation;

import java.util.List;

/**
 * An invitation addressed to the caller ({@code GET /tenants/me/invitations}): the tenant, the roles offered (paths of
 * the tenant's organization groups) and the expiry in epoch MILLISECONDS (as the portal's clock; the tenant admin's
 * invitation list keeps Keycloak's seconds).
 */
public record MyInvitationRepresentation(String id, TenantRef tenant, List<String> roles, long expiresAt) {

    /** The inviting tenant: its alias and name. */
    public record TenantRef(String alias, String name) {}
}

package dev.tenancy.context;

import java.util.Arrays;
import java.util.Optional;

/**
 * The tenant permissions: client roles of the {@link TenancyConventions#PERMISSIONS_CLIENT_ID} client. A tenant admin
 * holds them through the role mappings of an organization group of that tenant, never as realm-wide roles, so they
 * apply only inside that one tenant. {@link #TENANT_ADMIN} is a composite of all others.
 */
public enum TenantPermission {
    VIEW_MEMBERS("view-members", "See the tenant's members and their roles"),
    MANAGE_MEMBERS("manage-members", "Add and remove members of the tenant"),
    MANAGE_ROLES("manage-roles", "Grant and revoke the tenant's roles (organization groups)"),
    MANAGE_INVITATIONS("manage-invitations", "Invite people to the tenant and revoke invitations"),
    MANAGE_POLICIES("manage-policies", "Change the tenant's security policy and profile"),
    MANAGE_SESSIONS("manage-sessions", "See and end the sessions of the tenant's members"),
    VIEW_AUDIT("view-audit", "Read the tenant's audit events"),
    TENANT_ADMIN("tenant-admin", "All tenant permissions");

    private final String roleName;
    private final String description;

    TenantPermission(String roleName, String description) {
        this.roleName = roleName;
        this.description = description;
    }

    public String roleName() {
        return roleName;
    }

    public String description() {
        return description;
    }

    public static Optional<TenantPermission> fromRoleName(String roleName) {
        return Arrays.stream(values()).filter(p -> p.roleName.equals(roleName)).findFirst();
    }
}

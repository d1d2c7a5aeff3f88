package dev.tenancy.admin.representation;

/**
 * {@code POST /tenants} (realm admins): a new tenant with its {@code admins} group (carrying {@code tenant-admin})
 * and {@code members} group; {@code adminUserId}, if given, becomes its first admin.
 */
public record TenantCreateRepresentation(String alias, String name, String description, String adminUserId) {}

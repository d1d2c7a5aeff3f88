package dev.tenancy.admin.representation;

import java.util.Set;

/**
 * A tenant role, i.e. one of the tenant's organization groups: its id, name, path relative to the tenant (e.g.
 * {@code /admins/billing}) and the tenant permissions its members hold through it (parents' mappings included).
 * {@code grantable}: whether the caller may hand it out (grant, revoke, invite with it), i.e. holds every permission
 * it confers; granting also needs {@code manage-roles}, inviting {@code manage-invitations}. Null in admin events.
 */
public record RoleRepresentation(String id, String name, String path, Set<String> permissions, Boolean grantable) {}

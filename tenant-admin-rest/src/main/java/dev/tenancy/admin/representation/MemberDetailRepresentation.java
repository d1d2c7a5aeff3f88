package dev.tenancy.admin.representation;

import java.util.List;
import java.util.Set;

/**
 * One member with the member's roles in THIS tenant (organization groups) and the tenant permissions they give:
 * {@code GET /tenants/{alias}/members/{userId}}. {@code managed}: the membership comes from the tenant's identity
 * provider (removing such a member deletes the user, as in Keycloak).
 */
public record MemberDetailRepresentation(
        String id,
        String username,
        String email,
        String firstName,
        String lastName,
        boolean enabled,
        boolean managed,
        List<String> roles,
        Set<String> permissions) {}

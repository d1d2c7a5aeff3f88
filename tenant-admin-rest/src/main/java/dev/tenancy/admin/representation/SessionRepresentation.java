package dev.tenancy.admin.representation;

import java.util.List;

/**
 * A member's activity in ONE tenant within one of their Keycloak (user) sessions:
 * {@code GET /tenants/{alias}/members/{userId}/sessions}. Only the token chains acting in this tenant count:
 * {@code clients} are their clients, {@code started} the earliest start of their client sessions, {@code lastAccess}
 * their latest token response (to a minute), {@code chains} how many there are. {@code ipAddress} (of the SSO login)
 * is {@code null} unless every chain of the user session is in this tenant. Times in epoch seconds.
 */
public record SessionRepresentation(
        String id,
        String ipAddress,
        long started,
        long lastAccess,
        boolean rememberMe,
        List<String> clients,
        int chains) {}

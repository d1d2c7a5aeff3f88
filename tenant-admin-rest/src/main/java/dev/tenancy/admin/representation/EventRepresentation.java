package dev.tenancy.admin.representation;

import java.util.Map;

/**
 * One audit event of a tenant: {@code GET /tenants/{alias}/events}. {@code kind} is {@code admin} (Keycloak admin
 * events of this tenant: ours and the admin console's) or {@code user} (login-side events naming the tenant: switches,
 * refresh refusals, replays). Time in epoch milliseconds.
 */
public record EventRepresentation(
        String id,
        String kind,
        long time,
        String type,
        String resourceType,
        String resourcePath,
        String userId,
        String clientId,
        String ipAddress,
        String error,
        Map<String, String> details,
        String representation) {}

package dev.tenancy.admin.representation;

import java.util.List;

/** An active user session of a member: {@code GET /tenants/{alias}/members/{userId}/sessions}. Times in epoch seconds. */
public record SessionRepresentation(String id, String ipAddress, long started, long lastAccess, boolean rememberMe,
        List<String> clients) {
}

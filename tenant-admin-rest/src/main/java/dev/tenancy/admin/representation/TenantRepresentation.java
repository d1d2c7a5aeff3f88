package dev.tenancy.admin.representation;

import java.util.Map;

/** A tenant's profile: {@code GET /tenants/{alias}}. Branding = the organization attributes {@code tenancy.branding.*}. */
public record TenantRepresentation(
        String id, String alias, String name, String description, boolean enabled, Map<String, String> branding) {}

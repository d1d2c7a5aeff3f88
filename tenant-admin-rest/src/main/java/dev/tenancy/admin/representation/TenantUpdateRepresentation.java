package dev.tenancy.admin.representation;

import java.util.Map;

/**
 * {@code PUT /tenants/{alias}}: only the fields present change. {@code branding} sets the listed keys; a key with
 * value null is removed; keys not listed stay.
 */
public record TenantUpdateRepresentation(String name, String description, Map<String, String> branding) {}

package dev.tenancy.admin.resource;

import java.util.List;

/**
 * The literal paths under {@code /realms/{realm}/tenants} that a tenant alias must not shadow: JAX-RS prefers a
 * literal path to {@code {alias}}, so a tenant with one of these aliases could never be reached. {@code POST /tenants}
 * refuses them (400).
 */
final class ReservedAliases {

    /** {@code me} (and {@code me/invitations}), {@code openapi}, {@code invitations} (the link), {@code portal}. */
    static final List<String> ALL = List.of("me", "openapi", "invitations", "portal");

    private ReservedAliases() {}

    static boolean isReserved(String alias) {
        return ALL.contains(alias);
    }
}

package dev.tenancy.admin.resource;

import dev.tenancy.admin.persistence.TenantJpaQueries;
import java.util.List;
import java.util.Objects;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * One page of the realm's tenants for realm admins ({@code GET /tenants}), by alias, optionally those whose alias or
 * name contains a text (case-insensitive).
 *
 * <p>Why not {@code OrganizationProvider.getAllStream(search, ...)}: Keycloak 26.7.3 searches the name and the
 * domains, not the alias, which is what the portal shows and links by. The page's ids come from the database
 * ({@link TenantJpaQueries#organizationIds}); the models from Keycloak's provider (and its cache).</p>
 */
final class TenantDirectory {

    private TenantDirectory() {}

    static List<OrganizationModel> page(KeycloakSession session, String search, int first, int max) {
        OrganizationProvider organizations = Organizations.getProvider(session);
        return new TenantJpaQueries(session)
                .organizationIds(session.getContext().getRealm().getId(), search, first, max).stream()
                        .map(organizations::getById)
                        .filter(Objects::nonNull)
                        .toList();
    }
}

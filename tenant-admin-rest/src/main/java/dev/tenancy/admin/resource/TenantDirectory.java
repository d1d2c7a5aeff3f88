package dev.tenancy.admin.resource;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * One page of the realm's tenants for realm admins ({@code GET /tenants}), by alias, optionally those whose alias or
 * name contains a text (case-insensitive).
 *
 * <p>Why not {@code OrganizationProvider.getAllStream(search, ...)}: Keycloak 26.7.3 searches the name and the
 * domains, not the alias, which is what the portal shows and links by. One query over Keycloak's JPA
 * {@code OrganizationEntity} (an internal class, read here only, as {@link MemberPages} does) finds the page's ids in
 * the database; the models then come from Keycloak's provider (and its cache).</p>
 */
final class TenantDirectory {

    private TenantDirectory() {
    }

    static List<OrganizationModel> page(KeycloakSession session, String search, int first, int max) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        String jpql = "select o.id from OrganizationEntity o where o.realmId = :realm"
                + (search == null ? "" : " and (lower(o.alias) like :value escape '\\' or lower(o.name) like :value"
                        + " escape '\\')")
                + " order by o.alias";
        TypedQuery<String> query = em.createQuery(jpql, String.class)
                .setParameter("realm", session.getContext().getRealm().getId());
        if (search != null) {
            query.setParameter("value", "%" + search.toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%");
        }
        OrganizationProvider organizations = Organizations.getProvider(session);
        return query.setFirstResult(first).setMaxResults(max).getResultList().stream()
                .map(organizations::getById).filter(Objects::nonNull).toList();
    }
}

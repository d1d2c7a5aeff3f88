package dev.tenancy.admin.resource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tenancy.admin.representation.MemberRepresentation;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * One page of a tenant's members in two queries, whatever the page size and the tenant's size.
 *
 * <p>Why not {@code OrganizationProvider.getMembersStream}: Keycloak 26.7.3's query joins the organization's group
 * memberships with USER_ENTITY and orders by USERNAME without naming the realm, so no index yields that order and
 * PostgreSQL joins and sorts ALL members for every page (a tenant of 100,000 members: about 300 ms for the first
 * page, measured by bench scenario {@code tenant-members}); then it loads each member of the page by id and, per
 * member, reads all the member's organizations ({@code Organizations.isReadOnlyOrganizationMember}), so a page of 50
 * costs 100+ further queries. Here the realm is named ({@code u.realmId = :realm}), so the unique index
 * (REALM_ID, USERNAME) gives the order and the first page reads 50 index entries; the columns of the list come from
 * that query; and one more query finds which members of the page Keycloak shows as disabled. OFFSET paging still
 * walks past the skipped members, so a page costs in proportion to its distance from the nearer end of the list
 * (a page past the middle is read backwards): the middle page of 100,000 members is the slowest. {@code after}
 * (keyset paging: the members after a username) reads only the page from the index, at any depth.</p>
 *
 * <p>Same results as {@code getMembersStream(tenant, search, exact, first, max)}: local users (USER_ENTITY) in the
 * organization's internal group, by username; {@code search} matches username, e-mail, first or last name
 * (lower-cased; infix unless {@code exact}; {@code *} is a wildcard); {@code enabled} is false for a member whom an
 * organization MANAGES while that organization is disabled (or while organizations are off in the realm), as
 * Keycloak's read-only member. Not applied: Keycloak's fine-grained admin permission filters, which belong to the
 * admin API; this API authorises by tenant permissions ({@link TenantScope}).</p>
 */
final class MemberPages {

    private static final String MANAGED = "MANAGED";

    private MemberPages() {
    }

    /**
     * @param after null, or a username: only members after it (keyset paging: the next page starts after the last
     *              username of the previous one, and costs the same at any depth)
     */
    static List<MemberRepresentation> page(KeycloakSession session, OrganizationProvider organizations,
            OrganizationModel tenant, String search, boolean exact, String after, int first, int max) {
        RealmModel realm = session.getContext().getRealm();
        GroupModel internal = organizations.getOrganizationGroup(tenant);
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();

        StringBuilder jpql = new StringBuilder("select u.id, u.username, u.email, u.firstName, u.lastName, u.enabled"
                + " from UserGroupMembershipEntity m join m.user u"
                + " where m.groupId = :groupId and u.realmId = :realmId");
        String value = search == null ? null : search.toLowerCase(Locale.ROOT);
        if (value != null) {
            if (exact) {
                jpql.append(" and (u.username = :value or u.email = :value or lower(u.firstName) = :value"
                        + " or lower(u.lastName) = :value)");
            } else {
                value = likePattern(value);
                jpql.append(" and (u.username like :value escape '\\' or u.email like :value escape '\\'"
                        + " or lower(u.firstName) like :value escape '\\' or lower(u.lastName) like :value escape '\\')");
            }
        }
        if (after != null) {
            jpql.append(" and u.username > :after");
        }
        // OFFSET walks past every skipped member, so a page near the end is read from the end: the cost is
        // min(first, count - first), not first. Only without search, where the count is known (Keycloak caches it).
        int offset = first;
        int limit = max;
        boolean fromTheEnd = false;
        if (value == null && after == null && first > 0) {
            long count = organizations.getMembersCount(tenant);
            if (first >= count) {
                return List.of();
            }
            long tail = count - first - max;
            if (tail < first) {
                fromTheEnd = true;
                offset = (int) Math.max(0, tail);
                limit = (int) Math.min(max, count - first);
            }
        }
        jpql.append(fromTheEnd ? " order by u.username desc" : " order by u.username");
        TypedQuery<Object[]> query = em.createQuery(jpql.toString(), Object[].class)
                .setParameter("groupId", internal.getId()).setParameter("realmId", realm.getId())
                .setFirstResult(offset).setMaxResults(limit);
        if (value != null) {
            query.setParameter("value", value);
        }
        if (after != null) {
            query.setParameter("after", after);
        }
        List<Object[]> rows = new ArrayList<>(query.getResultList());
        if (fromTheEnd) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Set<String> readOnly = readOnlyMembers(em, rows.stream().map(r -> (String) r[0]).toList(),
                organizations.isEnabled());
        return rows.stream().map(r -> new MemberRepresentation((String) r[0], (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], (Boolean) r[5] && !readOnly.contains((String) r[0]))).toList();
    }

    /**
     * Of {@code userIds}, those Keycloak presents as disabled read-only organization members: managed by an
     * organization that is disabled, or by any organization while organizations are off in the realm.
     */
    private static Set<String> readOnlyMembers(EntityManager em, List<String> userIds, boolean organizationsEnabled) {
        String jpql = "select distinct m.user.id from UserGroupMembershipEntity m, OrganizationEntity o"
                + " where m.user.id in :ids and m.groupId = o.groupId and m.membershipType = :managed"
                + (organizationsEnabled ? " and o.enabled = false" : "");
        return new HashSet<>(em.createQuery(jpql, String.class).setParameter("ids", userIds)
                .setParameter("managed", MANAGED).getResultList());
    }

    /**
     * Keycloak's member search pattern: LIKE metacharacters escaped, {@code *} a wildcard, and a {@code %} added at
     * each end that has no {@code *} (so "ann" finds "joann" and "annie").
     */
    static String likePattern(String lowerCaseValue) {
        boolean startsWithWildcard = lowerCaseValue.startsWith("*");
        boolean endsWithWildcard = lowerCaseValue.endsWith("*");
        String pattern = lowerCaseValue.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                .replace("*", "%");
        if (!startsWithWildcard) {
            pattern = "%" + pattern;
        }
        if (pattern.isEmpty() || !endsWithWildcard) {
            pattern += "%";
        }
        return pattern;
    }
}

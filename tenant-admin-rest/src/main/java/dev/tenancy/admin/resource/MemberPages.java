package dev.tenancy.admin.resource;

import dev.tenancy.admin.persistence.TenantJpaQueries;
import dev.tenancy.admin.persistence.TenantJpaQueries.MemberRow;
import dev.tenancy.admin.persistence.TenantJpaQueries.MemberSearch;
import dev.tenancy.admin.representation.MemberRepresentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * One page of a tenant's members in two queries, whatever the page size and the tenant's size (the queries, on
 * Keycloak's JPA entities, are in {@link TenantJpaQueries}).
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

    private MemberPages() {}

    /**
     * @param after null, or a username: only members after it (keyset paging: the next page starts after the last
     *              username of the previous one, and costs the same at any depth)
     */
    static List<MemberRepresentation> page(
            KeycloakSession session,
            OrganizationProvider organizations,
            OrganizationModel tenant,
            String search,
            boolean exact,
            String after,
            int first,
            int max) {
        RealmModel realm = session.getContext().getRealm();
        GroupModel internal = organizations.getOrganizationGroup(tenant);
        String value = search == null ? null : search.toLowerCase(Locale.ROOT);
        MemberSearch mode = value == null ? MemberSearch.NONE : exact ? MemberSearch.EXACT : MemberSearch.PATTERN;
        if (mode == MemberSearch.PATTERN) {
            value = likePattern(value);
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
        TenantJpaQueries queries = new TenantJpaQueries(session);
        List<MemberRow> rows = new ArrayList<>(
                queries.members(realm.getId(), internal.getId(), mode, value, after, fromTheEnd, offset, limit));
        if (fromTheEnd) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Set<String> readOnly =
                queries.readOnlyMembers(rows.stream().map(MemberRow::id).toList(), organizations.isEnabled());
        return rows.stream()
                .map(r -> new MemberRepresentation(
                        r.id(),
                        r.username(),
                        r.email(),
                        r.firstName(),
                        r.lastName(),
                        r.enabled() && !readOnly.contains(r.id())))
                .toList();
    }

    /**
     * Keycloak's member search pattern: LIKE metacharacters escaped, {@code *} a wildcard, and a {@code %} added at
     * each end that has no {@code *} (so "ann" finds "joann" and "annie").
     */
    static String likePattern(String lowerCaseValue) {
        boolean startsWithWildcard = lowerCaseValue.startsWith("*");
        boolean endsWithWildcard = lowerCaseValue.endsWith("*");
        String pattern = lowerCaseValue
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
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

package dev.tenancy.admin.persistence;

import dev.tenancy.admin.audit.EventFilter;
import dev.tenancy.admin.audit.TenantEventEntity;
import dev.tenancy.admin.audit.TenantEventIndexListener;
import dev.tenancy.admin.representation.EventRepresentation;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.jpa.AdminEventEntity;
import org.keycloak.events.jpa.EventEntity;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The tenant-admin-rest module's ONE class that queries Keycloak's JPA entities (internal classes of
 * keycloak-model-jpa): {@code UserGroupMembershipEntity}, {@code UserEntity} and {@code OrganizationEntity} for the
 * member list, {@code AdminEventEntity} and {@code EventEntity} for the audit trail. Keycloak's public APIs cannot
 * answer these cheaply (see each part); {@code TenantJpaQueriesTest} fails when an entity, field or table named here
 * changes. Our own entities ({@code InvitationEntity}, {@link TenantEventEntity}) are queried where they live.
 *
 * <p><b>Members</b> (the paging rules are {@code MemberPages}'): Keycloak 26.7.3's
 * {@code OrganizationProvider.getMembersStream} orders by username without naming the realm, so no index yields the
 * order and every page sorts all members, then loads each member and reads all its organizations. Here the realm is
 * named, so the unique index (REALM_ID, USERNAME) gives the order, and the columns of the list come from the one
 * query; one more query finds which members of the page Keycloak shows as disabled.</p>
 *
 * <p><b>Admin events</b> of a tenant are those whose resource path is the organization's
 * ({@code organizations/<id>}, {@code organizations/<id>/...}), written by the tenant API and by Keycloak's own
 * organization admin API alike. Our changelog ({@code tenancy-admin-changelog.xml}) adds the index
 * {@value #ADMIN_EVENT_INDEX}; on PostgreSQL on an expression, {@code (REALM_ID, SUBSTR(RESOURCE_PATH, 15, 36),
 * ADMIN_EVENT_TIME)} (SUBSTR because Hibernate renders JPQL {@code substring} so on PostgreSQL, and the planner
 * matches an expression index only to the very same function): the 36 characters after {@code organizations/} are the organization id (Keycloak generates
 * UUIDs), so one tenant's events are one index range already in time order, and a page reads as many rows as it
 * returns, whatever the realm holds (newest first by time, as Keycloak orders them). The query states that expression
 * with literal positions, so that every plan,
 * also the generic plan of a prepared statement, can use the index; the other conditions (the
 * {@code organizations/} prefix, the end of the id) only filter that range. Keycloak's {@code AdminEventQuery}
 * ({@code RESOURCE_PATH LIKE 'organizations/<id>%' ORDER BY ADMIN_EVENT_TIME DESC}, what this endpoint ran before)
 * cannot: PostgreSQL walks or scans the realm's events. An organization id of another length (imported with its own
 * id) falls back to that prefix LIKE, correct but not indexed. H2 gets a plain {@code (REALM_ID, RESOURCE_PATH)}
 * index.</p>
 *
 * <p><b>User events</b> (logins, refreshes, tenant switches) name the tenant only inside the details JSON, which no
 * index covers; {@link TenantEventIndexListener} records, as each such event is stored, which tenants it names
 * ({@link TenantEventEntity}), so one tenant's page is one index range joined to Keycloak's table by id.</p>
 */
public final class TenantJpaQueries {

    /** The index our changelog adds on Keycloak's {@code ADMIN_EVENT_ENTITY}. */
    public static final String ADMIN_EVENT_INDEX = "IDX_TENANCY_ADMIN_EVENT_ORG";
    /** The prefix of every organization's resource path; the index holds only such rows. */
    static final String ORGANIZATIONS = "organizations/";
    /** The id length the index's expression covers: a UUID, as Keycloak generates organization ids. */
    static final int INDEXED_ID_LENGTH = 36;

    /** Keycloak's stored {@code MembershipType.MANAGED}. */
    static final String MANAGED = "MANAGED";

    private final EntityManager em;

    public TenantJpaQueries(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** One page of the tenant's admin events, newest first. */
    public Stream<EventRepresentation> adminEvents(RealmModel realm, OrganizationModel tenant, int first, int max) {
        return adminEvents(realm, tenant, EventFilter.NONE, first, max);
    }

    /**
     * One page of the tenant's admin events passing {@code filter} ({@code type}: the operation type), newest first.
     * The time range is on {@code ADMIN_EVENT_TIME}, the last column of the index, so it is a narrower range of it.
     */
    public Stream<EventRepresentation> adminEvents(
            RealmModel realm, OrganizationModel tenant, EventFilter filter, int first, int max) {
        String id = tenant.getId();
        boolean indexed = id.length() == INDEXED_ID_LENGTH;
        TypedQuery<AdminEventEntity> query = em.createQuery(adminEventsJpql(indexed, filter), AdminEventEntity.class);
        if (indexed) {
            query.setParameter("id", id);
        } else {
            query.setParameter("path", ORGANIZATIONS + like(id) + "%");
        }
        bind(query, filter);
        return query
                .setParameter("realm", realm.getId())
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList()
                .stream()
                .map(TenantJpaQueries::toRepresentation);
    }

    /**
     * The admin events of one organization; {@code indexed}: by the expression of {@value #ADMIN_EVENT_INDEX}
     * ({@code substring(path, 15, 36)} must stay identical to it, see the class comment), else by a prefix LIKE.
     */
    static String adminEventsJpql(boolean indexed, EventFilter filter) {
        String filters = (filter.type() == null ? "" : " and e.operationType = :type")
                + (filter.fromMillis() == null ? "" : " and e.time >= :from")
                + (filter.toMillis() == null ? "" : " and e.time <= :to");
        return indexed
                ? "select e from AdminEventEntity e where e.realmId = :realm"
                        + " and substring(e.resourcePath, 15, 36) = :id"
                        + " and substring(e.resourcePath, 1, 14) = '" + ORGANIZATIONS + "'"
                        + " and (length(e.resourcePath) = 50 or substring(e.resourcePath, 51, 1) = '/')" + filters
                        + " order by e.time desc"
                : "select e from AdminEventEntity e where e.realmId = :realm"
                        + " and e.resourcePath like :path escape '\\'" + filters + " order by e.time desc";
    }

    /**
     * One page of the login-side events naming the tenant in their details ({@code tenant}, {@code to_tenant} or
     * {@code from_tenant} equal to the alias, or {@code tenant_id} equal to the id), newest first: the tenant's range
     * of {@link TenantEventEntity} (index {@code IDX_TENANCY_EVENT_ORG_TIME}), joined to Keycloak's events by id.
     */
    public Stream<EventRepresentation> userEvents(RealmModel realm, OrganizationModel tenant, int first, int max) {
        return userEvents(realm, tenant, EventFilter.NONE, first, max);
    }

    /**
     * {@link #userEvents(RealmModel, OrganizationModel, int, int)} passing {@code filter} ({@code type}: the event
     * type, on Keycloak's row; the time range on our index's {@code EVENT_TIME}, a narrower range of it).
     */
    public Stream<EventRepresentation> userEvents(
            RealmModel realm, OrganizationModel tenant, EventFilter filter, int first, int max) {
        TypedQuery<EventEntity> query = em.createQuery(userEventsJpql(filter), EventEntity.class)
                .setParameter("tenant", tenant.getId())
                .setParameter("realm", realm.getId());
        bind(query, filter);
        return query.setFirstResult(first).setMaxResults(max).getResultList().stream()
                .map(TenantJpaQueries::toRepresentation);
    }

    static String userEventsJpql(EventFilter filter) {
        return "select e from TenantEventEntity t join EventEntity e on e.id = t.eventId"
                + " where t.organizationId = :tenant and t.realmId = :realm"
                + (filter.type() == null ? "" : " and e.type = :type")
                + (filter.fromMillis() == null ? "" : " and t.time >= :from")
                + (filter.toMillis() == null ? "" : " and t.time <= :to")
                + " order by t.time desc, t.eventId desc";
    }

    private static void bind(TypedQuery<?> query, EventFilter filter) {
        if (filter.type() != null) {
            query.setParameter("type", filter.type());
        }
        if (filter.fromMillis() != null) {
            query.setParameter("from", filter.fromMillis());
        }
        if (filter.toMillis() != null) {
            query.setParameter("to", filter.toMillis());
        }
    }

    /** How a member search matches: not at all, the whole lower-cased value, or a LIKE pattern. */
    public enum MemberSearch {
        NONE,
        EXACT,
        PATTERN
    }

    /** The columns of a member list row; {@code enabled} is the user's own flag. */
    public record MemberRow(
            String id, String username, String email, String firstName, String lastName, boolean enabled) {}

    /**
     * Members (local users in the realm) of the organization's internal group {@code groupId}, by username
     * ({@code descending}: from the end), from {@code offset}, at most {@code limit}.
     *
     * @param value  the lower-cased search value ({@link MemberSearch#EXACT}) or LIKE pattern
     *               ({@link MemberSearch#PATTERN}, escape character {@code \}); null for {@link MemberSearch#NONE}
     * @param after  null, or a username: only members after it
     */
    public List<MemberRow> members(
            String realmId,
            String groupId,
            MemberSearch search,
            String value,
            String after,
            boolean descending,
            int offset,
            int limit) {
        TypedQuery<Object[]> query = em.createQuery(membersJpql(search, after != null, descending), Object[].class)
                .setParameter("groupId", groupId)
                .setParameter("realmId", realmId)
                .setFirstResult(offset)
                .setMaxResults(limit);
        if (search != MemberSearch.NONE) {
            query.setParameter("value", value);
        }
        if (after != null) {
            query.setParameter("after", after);
        }
        return query.getResultList().stream()
                .map(r -> new MemberRow(
                        (String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (Boolean) r[5]))
                .toList();
    }

    static String membersJpql(MemberSearch search, boolean after, boolean descending) {
        StringBuilder jpql = new StringBuilder("select u.id, u.username, u.email, u.firstName, u.lastName, u.enabled"
                + " from UserGroupMembershipEntity m join m.user u"
                + " where m.groupId = :groupId and u.realmId = :realmId");
        switch (search) {
            case EXACT ->
                jpql.append(" and (u.username = :value or u.email = :value or lower(u.firstName) = :value"
                        + " or lower(u.lastName) = :value)");
            case PATTERN ->
                jpql.append(
                        " and (u.username like :value escape '\\' or u.email like :value escape '\\'"
                                + " or lower(u.firstName) like :value escape '\\' or lower(u.lastName) like :value escape '\\')");
            case NONE -> {}
        }
        if (after) {
            jpql.append(" and u.username > :after");
        }
        return jpql.append(descending ? " order by u.username desc" : " order by u.username")
                .toString();
    }

    /**
     * Of {@code userIds}, those Keycloak presents as disabled read-only organization members: managed by an
     * organization that is disabled, or by any organization while organizations are off in the realm.
     */
    public Set<String> readOnlyMembers(List<String> userIds, boolean organizationsEnabled) {
        return new HashSet<>(em.createQuery(readOnlyMembersJpql(organizationsEnabled), String.class)
                .setParameter("ids", userIds)
                .setParameter("managed", MANAGED)
                .getResultList());
    }

    static String readOnlyMembersJpql(boolean organizationsEnabled) {
        return "select distinct m.user.id from UserGroupMembershipEntity m, OrganizationEntity o"
                + " where m.user.id in :ids and m.groupId = o.groupId and m.membershipType = :managed"
                + (organizationsEnabled ? " and o.enabled = false" : "");
    }

    /**
     * Of {@code userIds}, their direct memberships in {@code groupIds} (a tenant's role groups), as pairs
     * {@code [user id, group id]}: the roles of a whole page of members in one query, instead of one
     * {@code getOrganizationGroupsByMember} per member.
     */
    public List<String[]> groupMemberships(List<String> userIds, List<String> groupIds) {
        if (userIds.isEmpty() || groupIds.isEmpty()) {
            return List.of();
        }
        return em
                .createQuery(groupMembershipsJpql(), Object[].class)
                .setParameter("ids", userIds)
                .setParameter("groups", groupIds)
                .getResultList()
                .stream()
                .map(r -> new String[] {(String) r[0], (String) r[1]})
                .toList();
    }

    static String groupMembershipsJpql() {
        return "select m.user.id, m.groupId from UserGroupMembershipEntity m"
                + " where m.user.id in :ids and m.groupId in :groups";
    }

    /**
     * The ids of one page of the realm's organizations by alias, optionally those whose alias or name contains
     * {@code search} (lower-cased, case-insensitive; null: all). Keycloak 26.7.3's {@code getAllStream(search)}
     * searches the name and the domains, not the alias.
     */
    public List<String> organizationIds(String realmId, String search, int first, int max) {
        TypedQuery<String> query = em.createQuery(organizationIdsJpql(search != null), String.class)
                .setParameter("realm", realmId);
        if (search != null) {
            query.setParameter("value", "%" + like(search.toLowerCase(Locale.ROOT)) + "%");
        }
        return query.setFirstResult(first).setMaxResults(max).getResultList();
    }

    static String organizationIdsJpql(boolean search) {
        return "select o.id from OrganizationEntity o where o.realmId = :realm"
                + (search
                        ? " and (lower(o.alias) like :value escape '\\'" + " or lower(o.name) like :value escape '\\')"
                        : "")
                + " order by o.alias";
    }

    static String like(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static EventRepresentation toRepresentation(AdminEventEntity e) {
        return new EventRepresentation(
                e.getId(),
                "admin",
                e.getTime(),
                e.getOperationType(),
                e.getResourceType(),
                e.getResourcePath(),
                e.getAuthUserId(),
                e.getAuthClientId(),
                e.getAuthIpAddress(),
                e.getError(),
                details(e.getDetailsJson()),
                e.getRepresentation());
    }

    private static EventRepresentation toRepresentation(EventEntity e) {
        return new EventRepresentation(
                e.getId(),
                "user",
                e.getTime(),
                e.getType(),
                null,
                null,
                e.getUserId(),
                e.getClientId(),
                e.getIpAddress(),
                e.getError(),
                details(e.getDetailsJson()),
                null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> details(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JsonSerialization.readValue(json, Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }
}

package dev.tenancy.admin.audit;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;

import dev.tenancy.admin.representation.EventRepresentation;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.jpa.AdminEventEntity;
import org.keycloak.events.jpa.EventEntity;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * A tenant's audit trail read from Keycloak's event tables: the one adapter over Keycloak's JPA event entities
 * ({@link AdminEventEntity}, {@link EventEntity}, internal classes of keycloak-model-jpa).
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
public final class TenantAuditQueries {

    /** The index our changelog adds on Keycloak's {@code ADMIN_EVENT_ENTITY}. */
    public static final String ADMIN_EVENT_INDEX = "IDX_TENANCY_ADMIN_EVENT_ORG";
    /** The prefix of every organization's resource path; the index holds only such rows. */
    static final String ORGANIZATIONS = "organizations/";
    /** The id length the index's expression covers: a UUID, as Keycloak generates organization ids. */
    static final int INDEXED_ID_LENGTH = 36;

    private final EntityManager em;

    public TenantAuditQueries(KeycloakSession session) {
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
    public Stream<EventRepresentation> adminEvents(RealmModel realm, OrganizationModel tenant, EventFilter filter,
            int first, int max) {
        String id = tenant.getId();
        String filters = (filter.type() == null ? "" : " and e.operationType = :type")
                + (filter.fromMillis() == null ? "" : " and e.time >= :from")
                + (filter.toMillis() == null ? "" : " and e.time <= :to");
        // substring(path, 15, 36) must stay identical to the index's expression (see the class comment)
        TypedQuery<AdminEventEntity> query = id.length() == INDEXED_ID_LENGTH
                ? em.createQuery("select e from AdminEventEntity e where e.realmId = :realm"
                        + " and substring(e.resourcePath, 15, 36) = :id"
                        + " and substring(e.resourcePath, 1, 14) = '" + ORGANIZATIONS + "'"
                        + " and (length(e.resourcePath) = 50 or substring(e.resourcePath, 51, 1) = '/')" + filters
                        + " order by e.time desc", AdminEventEntity.class).setParameter("id", id)
                : em.createQuery("select e from AdminEventEntity e where e.realmId = :realm"
                        + " and e.resourcePath like :path escape '\\'" + filters + " order by e.time desc",
                        AdminEventEntity.class)
                        .setParameter("path", ORGANIZATIONS + like(id) + "%");
        bind(query, filter);
        return query.setParameter("realm", realm.getId()).setFirstResult(first).setMaxResults(max).getResultList()
                .stream().map(TenantAuditQueries::toRepresentation);
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
    public Stream<EventRepresentation> userEvents(RealmModel realm, OrganizationModel tenant, EventFilter filter,
            int first, int max) {
        TypedQuery<EventEntity> query = em.createQuery("select e from TenantEventEntity t join EventEntity e"
                        + " on e.id = t.eventId where t.organizationId = :tenant and t.realmId = :realm"
                        + (filter.type() == null ? "" : " and e.type = :type")
                        + (filter.fromMillis() == null ? "" : " and t.time >= :from")
                        + (filter.toMillis() == null ? "" : " and t.time <= :to")
                        + " order by t.time desc, t.eventId desc", EventEntity.class)
                .setParameter("tenant", tenant.getId())
                .setParameter("realm", realm.getId());
        bind(query, filter);
        return query.setFirstResult(first).setMaxResults(max).getResultList().stream()
                .map(TenantAuditQueries::toRepresentation);
    }

    static String like(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static EventRepresentation toRepresentation(AdminEventEntity e) {
        return new EventRepresentation(e.getId(), "admin", e.getTime(), e.getOperationType(), e.getResourceType(),
                e.getResourcePath(), e.getAuthUserId(), e.getAuthClientId(), e.getAuthIpAddress(), e.getError(),
                details(e.getDetailsJson()), e.getRepresentation());
    }

    private static EventRepresentation toRepresentation(EventEntity e) {
        return new EventRepresentation(e.getId(), "user", e.getTime(), e.getType(), null, null, e.getUserId(),
                e.getClientId(), e.getIpAddress(), e.getError(), details(e.getDetailsJson()), null);
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

package dev.tenancy.admin.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One stored user event that names a tenant (table {@code TENANCY_EVENT_TENANT}, Liquibase
 * {@code META-INF/tenancy-admin-changelog.xml}): the index that lets the tenant audit read one tenant's events as one
 * range of {@code (ORGANIZATION_ID, EVENT_TIME)}. Keycloak's {@code EVENT_ENTITY} names the tenant only inside its
 * details JSON, which no index of Keycloak's covers. The event itself stays in Keycloak's table; a row here holds
 * only its id, so an event Keycloak deleted (expiry, "clear events") is never shown, whatever is left here.
 * Written by {@link TenantEventIndexListener}; an event naming two tenants (a switch) has a row for each.
 */
@Entity
@Table(name = "TENANCY_EVENT_TENANT")
@IdClass(TenantEventEntity.Key.class)
public class TenantEventEntity {

    @Id
    @Column(name = "EVENT_ID", length = 36)
    private String eventId;

    @Id
    @Column(name = "ORGANIZATION_ID", length = 255)
    private String organizationId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The event's own time (milliseconds), copied so that a page is one index range in time order. */
    @Column(name = "EVENT_TIME", nullable = false)
    private long time;

    protected TenantEventEntity() {}

    TenantEventEntity(String eventId, String organizationId, String realmId, long time) {
        this.eventId = eventId;
        this.organizationId = organizationId;
        this.realmId = realmId;
        this.time = time;
    }

    public String getEventId() {
        return eventId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public String getRealmId() {
        return realmId;
    }

    public long getTime() {
        return time;
    }

    /** The composite primary key (event, tenant). */
    public static class Key implements Serializable {

        private String eventId;
        private String organizationId;

        public Key() {}

        public Key(String eventId, String organizationId) {
            this.eventId = eventId;
            this.organizationId = organizationId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(eventId, k.eventId)
                    && Objects.equals(organizationId, k.organizationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(eventId, organizationId);
        }
    }
}

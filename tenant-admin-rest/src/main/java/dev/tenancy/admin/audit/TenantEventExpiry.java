package dev.tenancy.admin.audit;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * Drops the {@link TenantEventEntity} rows of events Keycloak's own expiry deletes: for each realm with an events
 * expiration, the rows older than it (Keycloak's {@code ClearExpiredEvents} rule), through the index
 * {@code (REALM_ID, EVENT_TIME)}. A row whose event is gone for another reason (an admin's "clear events") is never
 * shown, since the audit joins Keycloak's table; it goes when it expires, or with its tenant or realm
 * ({@code TenancyDataRemoval}).
 */
final class TenantEventExpiry implements ScheduledTask {

    static final String NAME = "tenancy-tenant-events-expiry";

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTimeMillis();
        var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        session.realms()
                .getRealmsStream()
                .filter(realm -> realm.getEventsExpiration() > 0)
                .forEach(realm -> em.createQuery(
                                "delete from TenantEventEntity t where t.realmId = :realm and t.time < :before")
                        .setParameter("realm", realm.getId())
                        .setParameter("before", now - realm.getEventsExpiration() * 1000L)
                        .executeUpdate());
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}

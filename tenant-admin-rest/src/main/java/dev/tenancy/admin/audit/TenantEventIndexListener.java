package dev.tenancy.admin.audit;

import dev.tenancy.context.TenancyConventions.EventDetails;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Writes a {@link TenantEventEntity} row for each tenant a stored user event names in its details ({@code tenant},
 * {@code from_tenant}, {@code to_tenant} as aliases; {@code tenant_id} as the id), in the transaction that stores the
 * event: Keycloak's {@code EventBuilder} hands the event to its store and then to the listeners, both with the same
 * {@link KeycloakSession}, so both rows commit or roll back together.
 *
 * <p>Only events Keycloak itself stores get a row (events on for the realm, the type saved: the rule of
 * {@code EventBuilder}); an alias is recorded as the organization's id, so a tenant deleted and created again under
 * the same alias does not inherit the old tenant's events. An alias that names no tenant of the realm (a refused
 * request for an unknown tenant) gets no row. The alias lookup goes through the organization provider, which our
 * decorator memoises per request: the token or login step that wrote the detail has resolved the same alias.</p>
 */
public final class TenantEventIndexListener implements EventListenerProvider {

    private final KeycloakSession session;

    TenantEventIndexListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, String> details = event.getDetails();
        if (details == null || event.getRealmId() == null || event.getId() == null) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !realm.getId().equals(event.getRealmId()) || !storedByKeycloak(realm, event)) {
            return;
        }
        Set<String> organizationIds = new LinkedHashSet<>();
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        for (String key : new String[] {EventDetails.TENANT, EventDetails.FROM_TENANT, EventDetails.TO_TENANT}) {
            String alias = details.get(key);
            if (alias != null && !alias.isEmpty() && organizations != null) {
                OrganizationModel tenant = organizations.getByAlias(alias);
                if (tenant != null) {
                    organizationIds.add(tenant.getId());
                }
            }
        }
        String id = details.get(EventDetails.TENANT_ID);
        if (id != null && !id.isEmpty() && organizations != null && organizations.getById(id) != null) {
            organizationIds.add(id);
        }
        if (organizationIds.isEmpty()) {
            return;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        for (String organizationId : organizationIds) {
            em.persist(new TenantEventEntity(event.getId(), organizationId, realm.getId(), event.getTime()));
        }
    }

    /** Keycloak's own rule for storing a user event ({@code EventBuilder#sendNow}). */
    static boolean storedByKeycloak(RealmModel realm, Event event) {
        if (!realm.isEventsEnabled() || event.getType() == null) {
            return false;
        }
        Set<String> types = new java.util.HashSet<>();
        realm.getEnabledEventTypesStream().forEach(types::add);
        return types.isEmpty()
                ? event.getType().isSaveByDefault()
                : types.contains(event.getType().name());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // admin events name their tenant in the resource path, which IDX_TENANCY_ADMIN_EVENT_ORG covers
    }

    @Override
    public void close() {}
}

package dev.tenancy.admin.audit;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;

/**
 * The event listener {@value #PROVIDER_ID}: global (Keycloak hands it every realm's events without a realm setting,
 * {@link #isGlobal()}), so the tenant audit's index of user events is complete wherever the realm stores events.
 * Schedules {@link TenantEventExpiry} on every node; the task is idempotent, so two nodes running it do no harm.
 */
@AutoService(EventListenerProviderFactory.class)
public class TenantEventIndexListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "tenancy-tenant-events";
    /** Keycloak's own interval for its expired-events task (the datastore's default, 15 minutes). */
    static final long DEFAULT_EXPIRY_INTERVAL_SECONDS = 900;

    private long expiryIntervalSeconds = DEFAULT_EXPIRY_INTERVAL_SECONDS;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new TenantEventIndexListener(session);
    }

    @Override
    public void init(Config.Scope config) {
        expiryIntervalSeconds = Math.max(1, config.getLong("expiry-interval-seconds", DEFAULT_EXPIRY_INTERVAL_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.scheduleTask(new TenantEventExpiry(), expiryIntervalSeconds * 1000L, TenantEventExpiry.NAME);
            }
        });
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

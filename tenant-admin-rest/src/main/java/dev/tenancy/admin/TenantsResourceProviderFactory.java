package dev.tenancy.admin;

import com.google.auto.service.AutoService;
import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.resource.TenantsResource;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the tenant API at {@code /realms/{realm}/tenants}. It is a realm resource, not an admin-realm resource, on
 * purpose: tenant admins call it with their ordinary access token and hold no realm-management role at all; every
 * endpoint authorises by the caller's roles IN the tenant it touches.
 */
@AutoService(RealmResourceProviderFactory.class)
public class TenantsResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "tenants";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TenantsResource(session);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void init(Config.Scope config) {}

    /**
     * Keeps the clients of {@link TenancyClients} in every realm: for realms that exist, once the database is migrated
     * ({@code PostMigrationEvent}); for realms created later, in their creation transaction.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                TenancyClients.ensureInAllRealms(factory);
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                TenancyClients.ensure(created.getKeycloakSession(), created.getCreatedRealm());
            }
        });
    }

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

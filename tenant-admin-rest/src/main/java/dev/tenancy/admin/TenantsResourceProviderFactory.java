package dev.tenancy.admin;

import com.google.auto.service.AutoService;
import dev.tenancy.admin.resource.TenantsResource;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
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
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

package dev.tenancy.admin.setup;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/**
 * Mounts {@link RealmSetupResource} at {@code /admin/realms/{realm}/tenancy}: an admin resource, so that Keycloak
 * authenticates the admin token and we authorise with Keycloak's own admin permissions.
 */
@AutoService(AdminRealmResourceProviderFactory.class)
public class RealmSetupResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "tenancy";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new RealmSetupResourceProvider();
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

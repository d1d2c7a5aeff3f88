package dev.tenancy.refresh.session;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the cookie-mode session endpoints at {@code /realms/{realm}/tenancy-session} (see
 * {@link CookieSessionResource}). A realm resource because the browser calls it with no bearer token at all: the
 * refresh-token cookie is its credential, checked by Keycloak's own token endpoint.
 */
@AutoService(RealmResourceProviderFactory.class)
public class CookieSessionResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "tenancy-session";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new CookieSessionResource(session);
            }

            @Override
            public void close() {}
        };
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

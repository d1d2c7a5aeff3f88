package dev.tenancy.refresh;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;

/**
 * Registers {@link TenancyRefreshTokenProvider} ahead of Keycloak's {@code default} provider: factories of the
 * {@code refresh-token} SPI are tried by descending {@link #order()}, and ours supports every token the default does.
 */
@AutoService(RefreshTokenProviderFactory.class)
public class TenancyRefreshTokenProviderFactory implements RefreshTokenProviderFactory {

    public static final String PROVIDER_ID = "tenancy-refresh-token";

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new TenancyRefreshTokenProvider(session);
    }

    @Override
    public int order() {
        return 100;
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

package dev.tenancy.refresh;

import com.google.auto.service.AutoService;
import dev.tenancy.context.TenantSessionLimitsSource;
import java.util.List;
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

    /** The deployed per-tenant session limits; without any, refresh does not look up the tenant. */
    private List<TenantSessionLimitsSource> tenantLimits = List.of();

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new TenancyRefreshTokenProvider(session, tenantLimits);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void init(Config.Scope config) {
        tenantLimits = TenantSessionLimitsSource.load(TenancyRefreshTokenProviderFactory.class.getClassLoader());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

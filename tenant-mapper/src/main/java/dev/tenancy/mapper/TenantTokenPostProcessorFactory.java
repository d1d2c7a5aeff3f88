package dev.tenancy.mapper;

import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/** Registers {@link TenantTokenPostProcessor} with Keycloak's {@code token-interceptor} SPI. */
@AutoService(TokenPostProcessorFactory.class)
public class TenantTokenPostProcessorFactory implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "tenancy-tenant-selection";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new TenantTokenPostProcessor(session);
    }

    /** Before Keycloak's organization post-processor (order 0), which stores the context's tenant in the token. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

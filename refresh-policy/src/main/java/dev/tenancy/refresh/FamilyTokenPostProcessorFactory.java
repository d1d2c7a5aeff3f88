package dev.tenancy.refresh;

import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/** Registers {@link FamilyTokenPostProcessor} with Keycloak's {@code token-interceptor} SPI. */
@AutoService(TokenPostProcessorFactory.class)
public class FamilyTokenPostProcessorFactory implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "tenancy-refresh-family";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new FamilyTokenPostProcessor(session);
    }

    /** Last of all post-processors (they run by descending order): see {@link FamilyTokenPostProcessor}. */
    @Override
    public int order() {
        return Integer.MIN_VALUE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

package dev.tenancy.policy.token;

import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/** Registers {@link TenantPolicyTokenPostProcessor} with Keycloak's {@code token-interceptor} SPI. */
@AutoService(TokenPostProcessorFactory.class)
public class TenantPolicyTokenPostProcessorFactory implements TokenPostProcessorFactory {

    /** Not the login step's {@code tenancy-tenant-policy}: one id, one provider, whatever the SPI. */
    public static final String PROVIDER_ID = "tenancy-tenant-policy-token";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new TenantPolicyTokenPostProcessor(session);
    }

    /**
     * After tenant-mapper's post-processor (100), which resolves the active tenant into the request context, and
     * before Keycloak's organization post-processor (0) and refresh-policy's family commit (last).
     */
    @Override
    public int order() {
        return 50;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

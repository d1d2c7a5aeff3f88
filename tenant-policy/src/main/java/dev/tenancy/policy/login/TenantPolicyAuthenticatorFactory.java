package dev.tenancy.policy.login;

import com.google.auto.service.AutoService;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link TenantPolicyAuthenticator} ("Tenant policy") for the admin console's flow editor. */
@AutoService(AuthenticatorFactory.class)
public class TenantPolicyAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "tenancy-tenant-policy";
    private static final TenantPolicyAuthenticator SINGLETON = new TenantPolicyAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Tenant policy";
    }

    @Override
    public String getReferenceCategory() {
        return "tenant";
    }

    @Override
    public String getHelpText() {
        return "Applies the login rules of the tenant chosen for this login (organization attributes tenancy.policy.*): "
                + "re-authentication when an SSO session exceeds the tenant's session limits, email verification, "
                + "password expiry. Place it as a REQUIRED step right after 'Tenant selection'.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED
        };
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}

package dev.tenancy.policy.login;

import com.google.auto.service.AutoService;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link TenantMfaCondition} ("Condition - tenant requires MFA") for the admin console's flow editor. */
@AutoService(AuthenticatorFactory.class)
public class TenantMfaConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "tenancy-condition-tenant-mfa";
    private static final TenantMfaCondition SINGLETON = new TenantMfaCondition();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - tenant requires MFA";
    }

    @Override
    public String getHelpText() {
        return "True when the tenant chosen for this login (place it after 'Tenant selection') requires a second factor "
                + "of this user (organization attribute tenancy.policy.mfa) and the login has not used an allowed one "
                + "yet. A user without any allowed factor is made to set one up.";
    }

    @Override
    public String getReferenceCategory() {
        return "condition";
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
    public TenantMfaCondition getSingleton() {
        return SINGLETON;
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

package dev.tenancy.mapper.login;

import java.util.List;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers {@link TenantSelectorAuthenticator} ("Tenant selection") for the admin console's flow editor. */
@AutoService(AuthenticatorFactory.class)
public class TenantSelectorAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "tenancy-tenant-selector";
    public static final String REMEMBER_LAST_TENANT = "rememberLastTenant";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(REMEMBER_LAST_TENANT).label("Remember last tenant")
            .helpText("When a user of several tenants asks for none, continue in the tenant the user chose last time "
                    + "instead of leaving the choice open.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Tenant selection";
    }

    @Override
    public String getReferenceCategory() {
        return "tenant";
    }

    @Override
    public String getHelpText() {
        return "Decides the active tenant of the login (requested tenant, picker choice, login_hint domain, only tenant, "
                + "last tenant) and refuses a requested tenant the user is not an active member of. Place it as a "
                + "REQUIRED step after the authentication alternatives so that SSO re-entries run it too.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new TenantSelectorAuthenticator(session);
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
}

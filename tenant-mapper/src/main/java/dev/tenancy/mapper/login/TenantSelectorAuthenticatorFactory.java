package dev.tenancy.mapper.login;

import com.google.auto.service.AutoService;
import java.util.List;
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
    public static final String SHOW_TENANT_PICKER = "showTenantPicker";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property()
            .name(SHOW_TENANT_PICKER)
            .label("Show tenant picker")
            .helpText("When a user of several tenants asks for none (and neither the login_hint domain nor an earlier "
                    + "choice decides), show the login theme's tenant picker and continue in the chosen tenant. The "
                    + "'tenancy' login theme's picker shows logos, a search box for many tenants and the last tenant.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue("false")
            .add()
            .property()
            .name(REMEMBER_LAST_TENANT)
            .label("Remember last tenant")
            .helpText("Record the tenant chosen at each login (user attribute tenancy.last-tenant). Without the "
                    + "picker, a user of several tenants who asks for none continues in it; with the picker, it is "
                    + "marked there.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue("false")
            .add()
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
                + "tenant picker or last tenant) and refuses a requested tenant the user is not an active member of. Place it as a "
                + "REQUIRED step after the authentication alternatives so that SSO re-entries run it too. It acts only "
                + "once the user is authenticated: placed after a username-only step, it reveals and chooses nothing.";
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
        return new TenantSelectorAuthenticator(session);
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}

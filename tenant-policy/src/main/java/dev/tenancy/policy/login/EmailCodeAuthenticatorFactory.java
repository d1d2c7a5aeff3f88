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

/** Registers {@link EmailCodeAuthenticator} ("Email one-time code") for the admin console's flow editor. */
@AutoService(AuthenticatorFactory.class)
public class EmailCodeAuthenticatorFactory implements AuthenticatorFactory {

    /** Also listed in {@code MfaMethod.EMAIL}: its successful execution proves the tenant method {@code email}. */
    public static final String PROVIDER_ID = "tenancy-email-otp";

    private static final EmailCodeAuthenticator SINGLETON = new EmailCodeAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Email one-time code";
    }

    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    @Override
    public String getHelpText() {
        return "Second factor: mails a one-time code to the user's verified email address (realm SMTP settings) and "
                + "asks for it. Single use, expires, void after too many wrong entries. Place it as an ALTERNATIVE "
                + "beside the other factors in the sub-flow of 'Condition - tenant requires MFA'; tenants allow it "
                + "with tenancy.policy.mfa.methods = email.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return EmailCodeConfig.PROPERTIES;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED
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

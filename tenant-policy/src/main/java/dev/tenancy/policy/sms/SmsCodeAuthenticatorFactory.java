package dev.tenancy.policy.sms;

import com.google.auto.service.AutoService;
import dev.tenancy.context.policy.MfaMethod;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link SmsCodeAuthenticator} ("SMS one-time code") for the flow editor; its config is the realm's SMS setup. */
@AutoService(AuthenticatorFactory.class)
public class SmsCodeAuthenticatorFactory implements AuthenticatorFactory {

    /** Also listed in {@code MfaMethod.SMS}: its successful execution proves the tenant method {@code sms}. */
    public static final String PROVIDER_ID = "tenancy-sms-otp";

    private static final SmsCodeAuthenticator SINGLETON = new SmsCodeAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMS one-time code";
    }

    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    @Override
    public String getHelpText() {
        return "Second factor: texts a one-time code to the user's verified phone number through the configured gateway "
                + "and asks for it. Place it as an ALTERNATIVE beside the other factors in the sub-flow of 'Condition - "
                + "tenant requires MFA'; tenants allow it with tenancy.policy.mfa.methods = sms. Its config is the "
                + "realm's SMS gateway, code and rate-limit settings (also used by the phone-number setup).";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return SmsConfig.PROPERTIES;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED
        };
    }

    /** A user without a number is made to set one up by the tenant policy, with {@value MfaMethod#SMS_SETUP_ACTION}. */
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

package dev.tenancy.policy.sms;

import com.google.auto.service.AutoService;
import dev.tenancy.context.policy.MfaMethod;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link SmsPhoneRequiredAction} ("Set up SMS one-time codes"); enable it under Required actions. */
@AutoService(RequiredActionFactory.class)
public class SmsPhoneRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = MfaMethod.SMS_SETUP_ACTION;
    private static final SmsPhoneRequiredAction SINGLETON = new SmsPhoneRequiredAction();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Set up SMS one-time codes";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}

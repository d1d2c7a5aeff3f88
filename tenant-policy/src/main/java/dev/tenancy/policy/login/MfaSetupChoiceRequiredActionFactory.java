package dev.tenancy.policy.login;

import com.google.auto.service.AutoService;
import dev.tenancy.context.policy.MfaMethod;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link MfaSetupChoiceRequiredAction} ("Choose a second factor"). Enable it under Required actions; without
 * it, a user who must set up a factor gets the tenant's first allowed one the realm can set up.
 */
@AutoService(RequiredActionFactory.class)
public class MfaSetupChoiceRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = MfaMethod.SETUP_CHOICE_ACTION;
    private static final MfaSetupChoiceRequiredAction SINGLETON = new MfaSetupChoiceRequiredAction();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Choose a second factor (tenant policy)";
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

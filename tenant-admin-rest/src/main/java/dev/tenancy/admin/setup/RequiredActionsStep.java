package dev.tenancy.admin.setup;

import dev.tenancy.context.policy.MfaMethod;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.provider.ProviderFactory;

/**
 * The required action "Choose a second factor", registered and enabled: a member who must set up a second factor and
 * whose tenant allows several the realm can set up picks one, instead of getting the first. Keycloak registers only its
 * own required actions in a realm; ours wait under "Required actions" until an admin registers them. A registration
 * that an admin disabled stays disabled. The SMS phone setup is not registered here: it only makes sense with the
 * "SMS one-time code" step and its gateway configuration, which setup does not add (tenant-policy/README.md).
 */
final class RequiredActionsStep implements SetupStep {

    static final String NAME = "required-actions";
    static final String ACTION = MfaMethod.SETUP_CHOICE_ACTION;

    @Override
    public PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        ProviderFactory<RequiredActionProvider> factory =
                session.getKeycloakSessionFactory().getProviderFactory(RequiredActionProvider.class, ACTION);
        if (!(factory instanceof RequiredActionFactory action)) {
            return PlannedStep.unchanged(
                    NAME,
                    "The required action '" + ACTION + "' is not installed (tenant-policy jar): nothing to register.");
        }
        RequiredActionProviderModel registered = realm.getRequiredActionProviderByAlias(ACTION);
        if (registered != null) {
            return PlannedStep.unchanged(
                    NAME,
                    registered.isEnabled()
                            ? "The required action '" + ACTION + "' is registered and enabled."
                            : "The required action '" + ACTION + "' is registered but disabled, as an admin left it:"
                                    + " members then set up the first second factor their tenant allows.");
        }
        return PlannedStep.write(
                NAME,
                StepStatus.CREATED,
                "Register and enable the required action '" + ACTION + "' (" + action.getDisplayText() + ").",
                false,
                () -> realm.addRequiredActionProvider(model(realm, action)));
    }

    /** As the admin API's register-required-action creates it: enabled, not a default action, last in order. */
    private static RequiredActionProviderModel model(RealmModel realm, RequiredActionFactory action) {
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(ACTION);
        model.setProviderId(ACTION);
        model.setName(action.getDisplayText());
        model.setEnabled(true);
        model.setDefaultAction(false);
        model.setPriority(realm.getRequiredActionProvidersStream()
                        .mapToInt(RequiredActionProviderModel::getPriority)
                        .max()
                        .orElse(-1)
                + 1);
        return model;
    }
}

package dev.tenancy.admin.setup;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.policy.PasswordPolicyProvider;

/** The "Tenant password rules" entry appended to the realm's password policy; the realm's own rules stay. */
final class PasswordPolicyStep implements SetupStep {

    static final String NAME = "password-policy";
    static final String TENANT_PASSWORD_POLICY = "tenancy-tenant-password-policy";

    @Override
    public PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        PasswordPolicy current = realm.getPasswordPolicy();
        if (current != null && current.getPolicies().contains(TENANT_PASSWORD_POLICY)) {
            return PlannedStep.unchanged(NAME, "The password policy has 'Tenant password rules'.");
        }
        if (session.getKeycloakSessionFactory().getProviderFactory(PasswordPolicyProvider.class, TENANT_PASSWORD_POLICY)
                == null) {
            return PlannedStep.refused(
                    NAME,
                    "The password policy provider '" + TENANT_PASSWORD_POLICY + "' is not installed: "
                            + "copy all jars of the bundle (tenancy-tenant-policy.jar) into providers/ and run kc.sh build.");
        }
        // an empty policy has no string form of its own
        String currentString = current == null || current.getPolicies().isEmpty() ? "" : current.toString();
        String updated = currentString == null || currentString.isBlank()
                ? TENANT_PASSWORD_POLICY
                : currentString + " and " + TENANT_PASSWORD_POLICY;
        return PlannedStep.write(
                NAME,
                StepStatus.UPDATED,
                "Set the password policy to '" + updated + "'.",
                false,
                () -> realm.setPasswordPolicy(PasswordPolicy.parse(session, updated)));
    }
}

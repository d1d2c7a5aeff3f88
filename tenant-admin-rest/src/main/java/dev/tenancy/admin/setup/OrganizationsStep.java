package dev.tenancy.admin.setup;

import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Organizations on: a tenant IS an organization. */
final class OrganizationsStep implements SetupStep {

    static final String NAME = "organizations";

    @Override
    public PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        if (!Profile.isFeatureEnabled(Profile.Feature.ORGANIZATION)) {
            return PlannedStep.refused(
                    NAME,
                    "The server runs without the 'organization' feature; start Keycloak with it "
                            + "(it is on by default; remove it from --features-disabled) and run setup again.");
        }
        if (realm.isOrganizationsEnabled()) {
            return PlannedStep.unchanged(NAME, "Organizations are enabled.");
        }
        return PlannedStep.write(
                NAME, StepStatus.UPDATED, "Enable Organizations.", false, () -> realm.setOrganizationsEnabled(true));
    }
}

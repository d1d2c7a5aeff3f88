package dev.tenancy.admin.setup;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The realm setup: every step planned from the realm's current state first (reads only), then, when nothing is
 * refused and it is not a dry run, every write. A refused step writes nothing at all, so a realm is never left half
 * set up.
 */
final class RealmSetup {

    /** The steps, in the order they are reported and applied (organizations before anything that uses them). */
    static final List<SetupStep> STEPS = List.of(
            new OrganizationsStep(),
            new TenantScopeStep(),
            new BrowserFlowStep(),
            new PasswordPolicyStep(),
            new RotationPolicyStep(),
            new RequiredActionsStep(),
            new ThemesStep());

    private RealmSetup() {}

    /** The plan of every step; writes nothing. */
    static List<PlannedStep> plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        return STEPS.stream().map(step -> step.plan(session, realm, options)).toList();
    }

    static boolean refused(List<PlannedStep> plan) {
        return plan.stream().anyMatch(step -> step.status() == StepStatus.REFUSED);
    }

    static boolean writes(List<PlannedStep> plan) {
        return plan.stream().anyMatch(step -> step.status().writes());
    }

    /** Carries out a plan without refusals. */
    static void apply(List<PlannedStep> plan) {
        if (refused(plan)) {
            throw new IllegalStateException("a refused plan is never applied");
        }
        plan.stream().filter(step -> step.status().writes()).forEach(step -> step.apply()
                .run());
    }
}

package dev.tenancy.admin.setup;

import dev.tenancy.admin.setup.FlowInspection.Placed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The browser flow with "Tenant selection", "Tenant policy" and the tenant MFA sub-flow, decided from the realm's
 * CURRENT browser flow:
 * <ul>
 * <li>without any of our steps: a new flow {@value FlowBuilder#FLOW} whose REQUIRED sub-flow holds a copy of the
 * current flow (so its alternatives stay alternatives of each other), then our steps; bound as the browser flow, the
 * old flow kept as it was;</li>
 * <li>with our steps where they work (top level, REQUIRED, after the authentication): unchanged, or the missing
 * policy steps appended after "Tenant selection";</li>
 * <li>anything setup cannot judge (our steps inside sub-flows, next to alternatives, before a credential; a flow that
 * already mixes REQUIRED and ALTERNATIVE; names taken): refused, with what to do.</li>
 * </ul>
 */
final class BrowserFlowStep implements SetupStep {

    static final String NAME = "browser-flow";
    /** Steps that authenticate: after "Tenant selection" they mean it ran before the user was known. */
    private static final Set<String> FIRST_FACTORS = Set.of(
            "auth-cookie",
            "auth-username-password-form",
            "auth-username-form",
            "auth-password-form",
            "identity-provider-redirector",
            "organization",
            "auth-spnego",
            "webauthn-authenticator-passwordless",
            "auth-x509-client-username-form");

    private static final String FIX =
            " Fix it in Authentication, or bind Keycloak's 'browser' flow and run setup again to "
                    + "build a new flow from it.";

    @Override
    public PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        List<String> missing = new ArrayList<>();
        for (String id : List.of(FlowInspection.SELECTOR, FlowInspection.POLICY, FlowInspection.MFA_CONDITION)) {
            if (session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, id) == null) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            return PlannedStep.refused(
                    NAME,
                    "The authenticators " + missing + " are not installed: copy all jars of the "
                            + "bundle into providers/ and run kc.sh build.");
        }
        AuthenticationFlowModel current = realm.getBrowserFlow();
        if (current == null) {
            return PlannedStep.refused(
                    NAME,
                    "The realm has no browser flow bound; bind one (Keycloak's 'browser') and run " + "setup again.");
        }
        FlowInspection flow = new FlowInspection(session, realm, current);
        return flow.ours().isEmpty() ? planNew(realm, flow) : planExisting(realm, flow);
    }

    private PlannedStep planNew(RealmModel realm, FlowInspection flow) {
        AuthenticationFlowModel current = flow.top();
        String name = "'" + current.getAlias() + "'";
        if (!"basic-flow".equals(current.getProviderId())) {
            return PlannedStep.refused(NAME, "The browser flow " + name + " is not a generic flow (basic-flow).");
        }
        List<AuthenticationFlowModel> mixed = flow.mixedLevels();
        if (!mixed.isEmpty()) {
            return PlannedStep.refused(
                    NAME,
                    "The browser flow " + name + " has REQUIRED and ALTERNATIVE steps at the same "
                            + "level in "
                            + mixed.stream().map(f -> "'" + f.getAlias() + "'").collect(Collectors.joining(", "))
                            + ": Keycloak ignores those alternatives, and a copy would keep that. Put the alternatives into a "
                            + "sub-flow of their own (REQUIRED), or make them REQUIRED, then run setup again.");
        }
        if (realm.getFlowByAlias(FlowBuilder.FLOW) != null) {
            return PlannedStep.refused(
                    NAME,
                    "A flow '" + FlowBuilder.FLOW + "' exists but is not the realm's browser flow "
                            + "(" + name
                            + " is). Bind it as the browser flow if it is the one setup built, or rename or delete it "
                            + "to build a new one from " + name + ", then run setup again.");
        }
        Set<String> flowAliases =
                new LinkedHashSet<>(List.of(FlowBuilder.AUTHENTICATE, FlowBuilder.FLOW + FlowBuilder.MFA_SUFFIX));
        flow.subFlows().forEach(sub -> flowAliases.add(FlowBuilder.COPY_PREFIX + sub.getAlias()));
        Set<String> configAliases = new LinkedHashSet<>(List.of(FlowBuilder.SELECTION_CONFIG));
        flow.executions().stream()
                .map(p -> p.execution().getAuthenticatorConfig())
                .filter(id -> id != null)
                .map(realm::getAuthenticatorConfigById)
                .filter(c -> c != null && c.getAlias() != null)
                .forEach(c -> configAliases.add(FlowBuilder.COPY_PREFIX + c.getAlias()));
        List<String> taken = new ArrayList<>();
        flowAliases.stream().filter(a -> realm.getFlowByAlias(a) != null).forEach(a -> taken.add("flow '" + a + "'"));
        configAliases.stream()
                .filter(a -> realm.getAuthenticatorConfigByAlias(a) != null)
                .forEach(a -> taken.add("execution configuration '" + a + "'"));
        if (!taken.isEmpty()) {
            return PlannedStep.refused(
                    NAME,
                    "Setup would create " + String.join(", ", taken) + ", which exist already; "
                            + "rename or delete them, then run setup again.");
        }
        return PlannedStep.write(
                NAME,
                StepStatus.CREATED,
                "Create the browser flow '" + FlowBuilder.FLOW + "': a copy of "
                        + name + " (" + flow.executions().size() + " executions, unchanged) as its REQUIRED sub-flow '"
                        + FlowBuilder.AUTHENTICATE
                        + "', then 'Tenant selection' (REQUIRED; showTenantPicker, rememberLastTenant), "
                        + "'Tenant policy' (REQUIRED) and the CONDITIONAL sub-flow '" + FlowBuilder.FLOW
                        + FlowBuilder.MFA_SUFFIX
                        + "' (condition 'tenant requires MFA'; OTP or WebAuthn); bind it as the browser flow. " + name
                        + " stays as it is.",
                false,
                () -> new FlowBuilder(realm).buildFrom(current));
    }

    private PlannedStep planExisting(RealmModel realm, FlowInspection flow) {
        AuthenticationFlowModel top = flow.top();
        String name = "The browser flow '" + top.getAlias() + "'";
        List<String> problems = new ArrayList<>();
        List<Placed> selectors = placed(flow, FlowInspection.SELECTOR);
        List<Placed> policies = placed(flow, FlowInspection.POLICY);
        List<Placed> conditions = placed(flow, FlowInspection.MFA_CONDITION);
        List<AuthenticationExecutionModel> topLevel = flow.children(top);
        int selectorIndex = -1;
        if (selectors.size() != 1) {
            problems.add(
                    selectors.isEmpty()
                            ? "it has 'Tenant policy' or the tenant MFA condition but no 'Tenant selection'"
                            : "it has " + selectors.size() + " 'Tenant selection' steps");
        } else {
            Placed selector = selectors.get(0);
            if (selector.depth() != 0) {
                problems.add(
                        "'Tenant selection' sits inside the sub-flow '"
                                + selector.parent().getAlias() + "'; it must be a "
                                + "REQUIRED step of the top-level flow after a REQUIRED sub-flow holding the ways to authenticate");
            } else {
                selectorIndex = indexOf(topLevel, selector.execution());
                if (!selector.execution().isRequired()) {
                    problems.add("'Tenant selection' is " + selector.execution().getRequirement() + ", not REQUIRED");
                }
                if (selectorIndex == 0) {
                    problems.add("nothing authenticates the user before 'Tenant selection'");
                }
                topLevel.stream()
                        .skip(selectorIndex + 1L)
                        .filter(e -> e.getAuthenticator() != null && FIRST_FACTORS.contains(e.getAuthenticator()))
                        .forEach(e -> problems.add(
                                "'" + e.getAuthenticator() + "' comes after 'Tenant selection', which acts "
                                        + "only once the user is authenticated"));
                if (topLevel.stream().anyMatch(AuthenticationExecutionModel::isAlternative)) {
                    problems.add(
                            "its top level mixes REQUIRED and ALTERNATIVE steps: Keycloak ignores the alternatives "
                                    + "and logins fail; put the alternatives into a REQUIRED sub-flow");
                }
            }
        }
        if (policies.size() > 1) {
            problems.add("it has " + policies.size() + " 'Tenant policy' steps");
        } else if (policies.size() == 1) {
            Placed policy = policies.get(0);
            if (policy.depth() != 0
                    || !policy.execution().isRequired()
                    || indexOf(topLevel, policy.execution()) < selectorIndex) {
                problems.add("'Tenant policy' must be a REQUIRED step of the top-level flow after 'Tenant selection'");
            }
        }
        if (conditions.size() > 1) {
            problems.add("it has " + conditions.size() + " tenant MFA conditions");
        } else if (conditions.size() == 1) {
            Placed condition = conditions.get(0);
            AuthenticationExecutionModel subFlow =
                    realm.getAuthenticationExecutionByFlowId(condition.parent().getId());
            if (condition.depth() != 1
                    || subFlow == null
                    || !subFlow.isConditional()
                    || indexOf(topLevel, subFlow) < selectorIndex
                    || !condition.execution().isRequired()) {
                problems.add("the condition 'tenant requires MFA' must be REQUIRED in a CONDITIONAL sub-flow of the "
                        + "top-level flow after 'Tenant selection'");
            } else if (flow.children(condition.parent()).stream()
                    .noneMatch(e -> !flow.isCondition(e) && (e.isAlternative() || e.isRequired()))) {
                problems.add("the tenant MFA sub-flow '" + condition.parent().getAlias() + "' has no second factor");
            }
        }
        if (!problems.isEmpty()) {
            return PlannedStep.refused(
                    NAME,
                    name + " has Keycloak Tenancy steps setup cannot take over: " + String.join("; ", problems) + "."
                            + FIX);
        }
        String mfaAlias = top.getAlias() + FlowBuilder.MFA_SUFFIX;
        if (conditions.isEmpty() && realm.getFlowByAlias(mfaAlias) != null) {
            return PlannedStep.refused(
                    NAME,
                    name + " lacks the tenant MFA sub-flow, and setup cannot add it as '" + mfaAlias
                            + "': that name is taken. Rename that flow, then run setup again.");
        }
        if (policies.isEmpty() || conditions.isEmpty()) {
            List<String> adds = new ArrayList<>();
            if (policies.isEmpty()) {
                adds.add("'Tenant policy' (REQUIRED)");
            }
            if (conditions.isEmpty()) {
                adds.add("the CONDITIONAL sub-flow '" + mfaAlias
                        + "' (condition 'tenant requires MFA'; OTP or WebAuthn)");
            }
            AuthenticationExecutionModel selector = selectors.get(0).execution();
            int last = topLevel.stream()
                    .mapToInt(AuthenticationExecutionModel::getPriority)
                    .max()
                    .orElse(0);
            boolean addPolicy = policies.isEmpty();
            boolean addMfa = conditions.isEmpty();
            return PlannedStep.write(
                    NAME,
                    StepStatus.UPDATED,
                    name + " has 'Tenant selection' where it works; add " + String.join(" and ", adds) + " at its end.",
                    false,
                    () -> {
                        FlowBuilder builder = new FlowBuilder(realm);
                        if (addPolicy) {
                            builder.addPolicy(top, Math.max(last, selector.getPriority()) + 10);
                        }
                        if (addMfa) {
                            builder.addMfa(top, mfaAlias, Math.max(last, selector.getPriority()) + 20);
                        }
                    });
        }
        return PlannedStep.unchanged(
                NAME,
                name + " runs 'Tenant selection', 'Tenant policy' and the tenant MFA sub-flow "
                        + "after the authentication.");
    }

    private static List<Placed> placed(FlowInspection flow, String authenticator) {
        return flow.ours().stream()
                .filter(p -> authenticator.equals(p.execution().getAuthenticator()))
                .toList();
    }

    private static int indexOf(List<AuthenticationExecutionModel> executions, AuthenticationExecutionModel execution) {
        for (int i = 0; i < executions.size(); i++) {
            if (executions.get(i).getId().equals(execution.getId())) {
                return i;
            }
        }
        return -1;
    }
}

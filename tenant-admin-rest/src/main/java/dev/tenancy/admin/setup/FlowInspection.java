package dev.tenancy.admin.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Reads an authentication flow with all its sub-flows (read only): where our steps sit, and which flows mix REQUIRED
 * and ALTERNATIVE executions (Keycloak then ignores the alternatives: "REQUIRED and ALTERNATIVE elements at same
 * level", the broken login of issue 17).
 */
final class FlowInspection {

    static final String SELECTOR = "tenancy-tenant-selector";
    static final String POLICY = "tenancy-tenant-policy";
    static final String MFA_CONDITION = "tenancy-condition-tenant-mfa";
    static final Set<String> OURS = Set.of(SELECTOR, POLICY, MFA_CONDITION);

    /** One execution, with the flow it sits in and its depth (0: a direct child of the top-level flow). */
    record Placed(AuthenticationExecutionModel execution, AuthenticationFlowModel parent, int depth) {}

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AuthenticationFlowModel top;
    private final List<Placed> executions = new ArrayList<>();
    private final List<AuthenticationFlowModel> subFlows = new ArrayList<>();

    FlowInspection(KeycloakSession session, RealmModel realm, AuthenticationFlowModel top) {
        this.session = session;
        this.realm = realm;
        this.top = top;
        walk(top, 0, 0);
    }

    private void walk(AuthenticationFlowModel flow, int depth, int guard) {
        if (guard > 32) {
            return; // a cycle cannot be built through the admin API; never loop if an import made one
        }
        realm.getAuthenticationExecutionsStream(flow.getId()).forEachOrdered(execution -> {
            executions.add(new Placed(execution, flow, depth));
            if (execution.isAuthenticatorFlow()) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(execution.getFlowId());
                if (sub != null) {
                    subFlows.add(sub);
                    walk(sub, depth + 1, guard + 1);
                }
            }
        });
    }

    AuthenticationFlowModel top() {
        return top;
    }

    List<Placed> executions() {
        return executions;
    }

    /** The sub-flows at every depth, in flow order. */
    List<AuthenticationFlowModel> subFlows() {
        return subFlows;
    }

    /** The executions of our three steps, wherever they sit. */
    List<Placed> ours() {
        return executions.stream().filter(p -> isOurs(p.execution())).toList();
    }

    static boolean isOurs(AuthenticationExecutionModel execution) {
        // a sub-flow's execution has no authenticator (Set.of refuses null)
        return execution.getAuthenticator() != null && OURS.contains(execution.getAuthenticator());
    }

    /** The direct children of {@code flow}, in order. */
    List<AuthenticationExecutionModel> children(AuthenticationFlowModel flow) {
        return realm.getAuthenticationExecutionsStream(flow.getId()).toList();
    }

    /**
     * The flows (top-level included) with both a REQUIRED or CONDITIONAL execution and an ALTERNATIVE one at the same
     * level; conditions (as in a conditional sub-flow) do not count, as for Keycloak.
     */
    List<AuthenticationFlowModel> mixedLevels() {
        List<AuthenticationFlowModel> flows = new ArrayList<>();
        flows.add(top);
        flows.addAll(subFlows);
        return flows.stream()
                .filter(flow -> {
                    List<AuthenticationExecutionModel> children =
                            children(flow).stream().filter(e -> !isCondition(e)).toList();
                    boolean required = children.stream().anyMatch(e -> e.isRequired() || e.isConditional());
                    boolean alternative = children.stream().anyMatch(AuthenticationExecutionModel::isAlternative);
                    return required && alternative;
                })
                .toList();
    }

    boolean isCondition(AuthenticationExecutionModel execution) {
        return !execution.isAuthenticatorFlow()
                && execution.getAuthenticator() != null
                && session.getKeycloakSessionFactory()
                                .getProviderFactory(Authenticator.class, execution.getAuthenticator())
                        instanceof ConditionalAuthenticatorFactory;
    }
}

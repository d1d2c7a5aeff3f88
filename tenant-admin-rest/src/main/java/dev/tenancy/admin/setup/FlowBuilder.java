package dev.tenancy.admin.setup;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * Writes the tenancy browser flow through Keycloak's public model API ({@link RealmModel}): a copy of a flow's
 * executions, sub-flows and configurations under new names (the source stays untouched), and our steps. Keycloak's own
 * copy ({@code AuthenticationManagementResource.copyFlow}) is an internal static method of the admin resource, so we
 * do not call it.
 */
final class FlowBuilder {

    static final String FLOW = "tenancy browser";
    static final String AUTHENTICATE = FLOW + " authenticate";
    static final String MFA_SUFFIX = " tenant mfa";
    static final String COPY_PREFIX = FLOW + " - ";
    static final String SELECTION_CONFIG = FLOW + " tenant selection";
    static final String OTP = "auth-otp-form";
    static final String WEBAUTHN = "webauthn-authenticator";

    private final RealmModel realm;

    FlowBuilder(RealmModel realm) {
        this.realm = realm;
    }

    /** The "Tenant selection" configuration setup writes: picker on, last tenant remembered. */
    static Map<String, String> selectionConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("showTenantPicker", "true");
        config.put("rememberLastTenant", "true");
        return config;
    }

    /**
     * Builds {@link #FLOW}: the REQUIRED sub-flow {@link #AUTHENTICATE} holding a copy of {@code source}'s executions,
     * then our steps; binds it as the realm's browser flow.
     */
    AuthenticationFlowModel buildFrom(AuthenticationFlowModel source) {
        AuthenticationFlowModel top = addFlow(
                FLOW,
                "Keycloak Tenancy: the steps of '" + source.getAlias()
                        + "', then Tenant selection, the tenant's policy and its second factor",
                true);
        AuthenticationFlowModel authenticate = addFlow(
                AUTHENTICATE,
                "The steps of the browser flow '" + source.getAlias() + "' (copied by the tenancy realm setup)",
                false);
        addFlowExecution(top, authenticate, Requirement.REQUIRED, 10);
        copyExecutions(source, authenticate);
        addSelection(top, 20);
        addPolicy(top, 30);
        addMfa(top, FLOW + MFA_SUFFIX, 40);
        realm.setBrowserFlow(top);
        return top;
    }

    void addSelection(AuthenticationFlowModel top, int priority) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setAlias(SELECTION_CONFIG);
        config.setConfig(new LinkedHashMap<>(selectionConfig()));
        config = realm.addAuthenticatorConfig(config);
        AuthenticationExecutionModel execution =
                addExecution(top, FlowInspection.SELECTOR, Requirement.REQUIRED, priority);
        execution.setAuthenticatorConfig(config.getId());
        realm.updateAuthenticatorExecution(execution);
    }

    void addPolicy(AuthenticationFlowModel top, int priority) {
        addExecution(top, FlowInspection.POLICY, Requirement.REQUIRED, priority);
    }

    void addMfa(AuthenticationFlowModel top, String alias, int priority) {
        AuthenticationFlowModel mfa =
                addFlow(alias, "A second factor when the tenant requires one of this user", false);
        addFlowExecution(top, mfa, Requirement.CONDITIONAL, priority);
        addExecution(mfa, FlowInspection.MFA_CONDITION, Requirement.REQUIRED, 10);
        addExecution(mfa, OTP, Requirement.ALTERNATIVE, 20);
        addExecution(mfa, WEBAUTHN, Requirement.ALTERNATIVE, 30);
    }

    private void copyExecutions(AuthenticationFlowModel from, AuthenticationFlowModel to) {
        realm.getAuthenticationExecutionsStream(from.getId()).toList().forEach(source -> {
            AuthenticationExecutionModel copy = new AuthenticationExecutionModel();
            copy.setParentFlow(to.getId());
            copy.setRequirement(source.getRequirement());
            copy.setPriority(source.getPriority());
            copy.setAuthenticator(source.getAuthenticator());
            copy.setAuthenticatorFlow(source.isAuthenticatorFlow());
            if (source.isAuthenticatorFlow()) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(source.getFlowId());
                AuthenticationFlowModel subCopy = new AuthenticationFlowModel();
                subCopy.setAlias(COPY_PREFIX + sub.getAlias());
                subCopy.setDescription(sub.getDescription());
                subCopy.setProviderId(sub.getProviderId());
                subCopy.setTopLevel(false);
                subCopy.setBuiltIn(false);
                subCopy = realm.addAuthenticationFlow(subCopy);
                copy.setFlowId(subCopy.getId());
                copyExecutions(sub, subCopy);
            }
            copy.setAuthenticatorConfig(copyConfig(source.getAuthenticatorConfig()));
            realm.addAuthenticatorExecution(copy);
        });
    }

    /** A copy of a realm's configuration under a new alias; a configuration not stored in the realm (deployed) is shared. */
    private String copyConfig(String configId) {
        if (configId == null) {
            return null;
        }
        AuthenticatorConfigModel source = realm.getAuthenticatorConfigById(configId);
        if (source == null) {
            return configId;
        }
        AuthenticatorConfigModel copy = new AuthenticatorConfigModel();
        copy.setAlias(source.getAlias() == null ? null : COPY_PREFIX + source.getAlias());
        copy.setConfig(new LinkedHashMap<>(source.getConfig() == null ? Map.of() : source.getConfig()));
        return realm.addAuthenticatorConfig(copy).getId();
    }

    private AuthenticationFlowModel addFlow(String alias, String description, boolean topLevel) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        flow.setDescription(description);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        return realm.addAuthenticationFlow(flow);
    }

    private void addFlowExecution(
            AuthenticationFlowModel parent, AuthenticationFlowModel sub, Requirement requirement, int priority) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setFlowId(sub.getId());
        execution.setAuthenticatorFlow(true);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        realm.addAuthenticatorExecution(execution);
    }

    private AuthenticationExecutionModel addExecution(
            AuthenticationFlowModel parent, String authenticator, Requirement requirement, int priority) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorFlow(false);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        return realm.addAuthenticatorExecution(execution);
    }
}

package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

/**
 * When a login counts as authenticated: the notes and execution statuses Keycloak 26.7.3 leaves after each kind of
 * step, in particular the password credential that Keycloak's Username Form records without checking anything.
 */
class FirstFactorTest {

    /** An authentication session with these auth notes and these (authenticator id -> status) executions. */
    static AuthenticationSessionModel login(Map<String, String> notes, Map<String, ExecutionStatus> executions) {
        Map<String, AuthenticationExecutionModel> byId = new HashMap<>();
        Map<String, ExecutionStatus> statuses = new LinkedHashMap<>();
        executions.forEach((authenticator, status) -> {
            AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
            execution.setId("id-" + authenticator);
            execution.setAuthenticator(authenticator);
            execution.setAuthenticatorFlow(authenticator.startsWith("flow:"));
            byId.put(execution.getId(), execution);
            statuses.put(execution.getId(), status);
        });
        RealmModel realm = proxy(RealmModel.class, Map.of("getAuthenticationExecutionById", byId));
        return (AuthenticationSessionModel) Proxy.newProxyInstance(
                FirstFactorTest.class.getClassLoader(),
                new Class<?>[] {AuthenticationSessionModel.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getAuthNote" -> notes.get((String) args[0]);
                    case "getExecutionStatus" -> statuses;
                    case "getRealm" -> realm;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Map<String, Map<String, ?>> lookups) {
        return (T) Proxy.newProxyInstance(
                FirstFactorTest.class.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
                    Map<String, ?> lookup = lookups.get(method.getName());
                    if (lookup == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return lookup.get((String) args[0]);
                });
    }

    static final String PASSWORD_RECORDED = "[\"password\"]";

    @Test
    void aNameTypedIntoKeycloaksUsernameFormIsNotAFirstFactorThoughKeycloakRecordsAPassword() {
        assertThat(FirstFactor.passed(login(
                        Map.of("authn.credentials", PASSWORD_RECORDED),
                        Map.of("auth-username-form", ExecutionStatus.SUCCESS))))
                .isFalse();
    }

    @Test
    void keycloaksOrganizationStepAndOurTenantStepsAreNoFirstFactor() {
        assertThat(FirstFactor.passed(login(
                        Map.of(),
                        Map.of(
                                "organization",
                                ExecutionStatus.ATTEMPTED,
                                "tenancy-tenant-selector",
                                ExecutionStatus.SUCCESS))))
                .isFalse();
        assertThat(FirstFactor.passed(login(
                        Map.of("authn.credentials", PASSWORD_RECORDED),
                        Map.of(
                                "auth-username-form",
                                ExecutionStatus.SUCCESS,
                                "tenancy-tenant-policy",
                                ExecutionStatus.SUCCESS,
                                "flow:forms",
                                ExecutionStatus.SUCCESS))))
                .isFalse();
    }

    @Test
    void aCheckedPasswordAfterTheUsernameIsAFirstFactor() {
        assertThat(FirstFactor.passed(login(
                        Map.of("authn.credentials", "[\"password\",\"password\"]"),
                        Map.of(
                                "auth-username-form",
                                ExecutionStatus.SUCCESS,
                                "auth-password-form",
                                ExecutionStatus.SUCCESS))))
                .isTrue();
        assertThat(FirstFactor.passed(login(
                        Map.of("authn.credentials", PASSWORD_RECORDED),
                        Map.of(
                                "organization",
                                ExecutionStatus.ATTEMPTED,
                                "auth-username-password-form",
                                ExecutionStatus.SUCCESS))))
                .isTrue();
    }

    @Test
    void aStepThatSucceedsWithoutRecordingACredentialIsNoFirstFactor() {
        assertThat(FirstFactor.passed(login(Map.of(), Map.of("some-custom-step", ExecutionStatus.SUCCESS))))
                .isFalse();
        assertThat(FirstFactor.passed(login(
                        Map.of("authn.credentials", PASSWORD_RECORDED),
                        Map.of("auth-password-form", ExecutionStatus.FAILED))))
                .isFalse();
    }

    @Test
    void anSsoReEntryOrAnIdentityProviderLoginIsAFirstFactor() {
        assertThat(FirstFactor.passed(login(Map.of("SSO_AUTH", "true"), Map.of())))
                .isTrue();
        assertThat(FirstFactor.passed(login(Map.of("broker.user.id", "idp-user-1"), Map.of())))
                .isTrue();
    }

    @Test
    void noLoginIsNoFirstFactor() {
        assertThat(FirstFactor.passed(null)).isFalse();
    }
}

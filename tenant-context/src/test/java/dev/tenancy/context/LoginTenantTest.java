package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one precedence of "the login's tenant": the tenant chosen in the login (client note {@code kc.org}) before the
 * request's organization context, and nothing before the first factor.
 */
class LoginTenantTest {

    static final OrganizationModel CHOSEN = tenant("chosen", true);
    static final OrganizationModel IN_CONTEXT = tenant("in-context", true);
    static final OrganizationModel DISABLED = tenant("disabled", false);

    @BeforeAll
    static void organizationsFeature() {
        Profile.defaults(); // Organizations.isEnabled asks the feature profile first
    }

    @Test
    void theChoiceOfTheLoginWinsOverTheRequestContext() {
        KeycloakSession session = session(IN_CONTEXT);
        AuthenticationSessionModel login = login(true, "chosen");
        assertThat(LoginTenant.entered(session, login)).isSameAs(CHOSEN);
        assertThat(LoginTenant.forPage(session, login, null, List.of()))
                .hasValueSatisfying(hint -> assertThat(hint.tenant()).isSameAs(CHOSEN));
    }

    @Test
    void withoutAChoiceTheRequestContextCounts() {
        assertThat(LoginTenant.entered(session(IN_CONTEXT), login(true, null))).isSameAs(IN_CONTEXT);
    }

    @Test
    void aDisabledChoiceIsNoTenantNotTheContext() {
        assertThat(LoginTenant.entered(session(IN_CONTEXT), login(true, "disabled")))
                .isNull();
    }

    @Test
    void nothingBeforeTheFirstFactor() {
        KeycloakSession session = session(IN_CONTEXT);
        AuthenticationSessionModel login = login(false, "chosen");
        assertThat(LoginTenant.entered(session, login)).isNull();
        assertThat(LoginTenant.forPage(session, login, null, List.of())).isEmpty();
    }

    static OrganizationModel tenant(String id, boolean enabled) {
        return (OrganizationModel) Proxy.newProxyInstance(
                LoginTenantTest.class.getClassLoader(),
                new Class<?>[] {OrganizationModel.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "isEnabled" -> enabled;
                    case "toString" -> "tenant " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A session whose request context holds {@code contextTenant}, with organizations on. */
    static KeycloakSession session(OrganizationModel contextTenant) {
        Map<String, OrganizationModel> byId = Map.of("chosen", CHOSEN, "in-context", IN_CONTEXT, "disabled", DISABLED);
        OrganizationProvider organizations = (OrganizationProvider) Proxy.newProxyInstance(
                LoginTenantTest.class.getClassLoader(),
                new Class<?>[] {OrganizationProvider.class},
                (self, method, args) -> switch (method.getName()) {
                    case "isEnabled" -> true;
                    case "getById" -> byId.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        KeycloakContext context = (KeycloakContext) Proxy.newProxyInstance(
                LoginTenantTest.class.getClassLoader(),
                new Class<?>[] {KeycloakContext.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getOrganization" -> contextTenant;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(
                LoginTenantTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getProvider" -> organizations;
                    case "getContext" -> context;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A login after an SSO re-entry (first factor passed) or before any credential, with client note kc.org. */
    static AuthenticationSessionModel login(boolean firstFactorPassed, String chosenTenantId) {
        Map<String, String> authNotes = firstFactorPassed ? Map.of("SSO_AUTH", "true") : Map.of();
        return (AuthenticationSessionModel) Proxy.newProxyInstance(
                LoginTenantTest.class.getClassLoader(),
                new Class<?>[] {AuthenticationSessionModel.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getAuthNote" -> authNotes.get((String) args[0]);
                    case "getClientNote" ->
                        OrganizationModel.ORGANIZATION_ATTRIBUTE.equals(args[0]) ? chosenTenantId : null;
                    case "getExecutionStatus" -> Map.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.protocol.mappers.oidc.OrganizationScope;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The Keycloak internals this module reads (docs/ARCHITECTURE.md, "We also read Keycloak internals that are not
 * SPIs"), exactly as read. Note names are constants that javac copies into OUR classes, so a Keycloak that renamed one
 * would leave our jar reading the old name silently: their values are checked here against the Keycloak on the class
 * path, by reflection (not by the compiler's copy).
 */
class KeycloakInternalsTest {

    /** {@code ActiveTenant} resolves {@code organization:*} scopes as Keycloak does. */
    @Test
    void organizationScopeAsActiveTenantCallsIt() throws Exception {
        Method valueOfScope = OrganizationScope.class.getMethod("valueOfScope", KeycloakSession.class, String.class);
        assertThat(Modifier.isStatic(valueOfScope.getModifiers())).isTrue();
        assertThat(valueOfScope.getReturnType()).isEqualTo(OrganizationScope.class);
        assertThat(OrganizationScope.valueOf("ALL")).isEqualTo(OrganizationScope.ALL);
    }

    /** {@code FirstFactor}: "has this login's user been authenticated?" */
    @Test
    void theFirstFactorsSourcesAsFirstFactorReadsThem() throws Exception {
        Method sso = AuthenticatorUtil.class.getMethod("isSSOAuthentication", AuthenticationSessionModel.class);
        assertThat(Modifier.isStatic(sso.getModifiers())).isTrue();
        assertThat(sso.getReturnType()).isEqualTo(boolean.class);
        Method credentials = AuthenticatorUtil.class.getMethod("getAuthnCredentials", AuthenticationSessionModel.class);
        assertThat(Modifier.isStatic(credentials.getModifiers())).isTrue();
        assertThat(credentials.getReturnType()).isEqualTo(List.class);
        assertThat(constant(AuthenticationProcessor.class, "BROKER_USER_ID")).isEqualTo("broker.user.id");
        assertThat(constant(AuthenticationManager.class, "SSO_AUTH")).isEqualTo("SSO_AUTH");
    }

    /** Notes and claims named in docs/ARCHITECTURE.md ("Where state lives", tenant policies, session ends). */
    @Test
    void theNotesAndClaimsWeReadKeepTheirNames() throws Exception {
        assertThat(constant(OrganizationModel.class, "ORGANIZATION_ATTRIBUTE")).isEqualTo("kc.org");
        assertThat(constant(Constants.class, "AUTHENTICATORS_COMPLETED")).isEqualTo("authenticators-completed");
        assertThat(constant(AuthenticationManager.class, "AUTH_TIME")).isEqualTo("AUTH_TIME");
        assertThat(constant(Constants.class, "GRANT_TYPE")).isEqualTo("grant_type");
        assertThat(constant(OAuth2Constants.class, "ORGANIZATION")).isEqualTo("organization");
    }

    /** The value the class on the class path holds (not the one javac copied into this test). */
    private static Object constant(Class<?> owner, String name) throws ReflectiveOperationException {
        return owner.getField(name).get(null);
    }
}

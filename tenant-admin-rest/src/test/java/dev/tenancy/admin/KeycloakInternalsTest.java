package dev.tenancy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * The internal Keycloak APIs this module calls (docs/ARCHITECTURE.md, "Internal Keycloak SPIs we use"), exactly as
 * called: an upgrade that renames, retypes or removes one fails here by name, before any integration test. Constants
 * are compiled into our classes, so their VALUES are checked against the Keycloak on the class path too.
 */
class KeycloakInternalsTest {

    /** {@code invitation.InvitationSignIn}: the invitation page redeems its sign-in's code in-process. */
    @Test
    void oauth2CodeParserAsInvitationSignInCallsIt() throws Exception {
        assertStatic(
                OAuth2CodeParser.class,
                "parseCode",
                OAuth2CodeParser.ParseResult.class,
                KeycloakSession.class,
                String.class,
                RealmModel.class,
                EventBuilder.class);
        Class<?> result = OAuth2CodeParser.ParseResult.class;
        assertThat(result.getMethod("isIllegalCode").getReturnType()).isEqualTo(boolean.class);
        assertThat(result.getMethod("isExpiredCode").getReturnType()).isEqualTo(boolean.class);
        assertThat(result.getMethod("getCodeData").getReturnType()).isEqualTo(OAuth2Code.class);
        assertThat(result.getMethod("getClientSession").getReturnType())
                .isEqualTo(AuthenticatedClientSessionModel.class);
        for (String getter : new String[] {"getRedirectUriParam", "getCodeChallengeMethod", "getCodeChallenge"}) {
            assertThat(OAuth2Code.class.getMethod(getter).getReturnType())
                    .as(getter)
                    .isEqualTo(String.class);
        }
    }

    /**
     * {@code invitation.InvitationSignIn.KEY_NOTE}: the authentication-session note of an extra authorization
     * parameter, {@code client_request_param_tenancy_invitation} (compiled in as a constant).
     */
    @Test
    void theAdditionalRequestParameterNotePrefixIsUnchanged() throws Exception {
        assertThat(AuthorizationEndpoint.class
                        .getField("LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX")
                        .get(null))
                .isEqualTo("client_request_param_");
    }

    /** {@code resource.TenantSessions} ends sessions, {@code resource.InvitationLoginRedirect} reads the SSO cookie. */
    @Test
    void authenticationManagerAsTheModuleCallsIt() throws Exception {
        assertStatic(
                AuthenticationManager.class,
                "backchannelLogout",
                null,
                KeycloakSession.class,
                RealmModel.class,
                UserSessionModel.class,
                UriInfo.class,
                ClientConnection.class,
                HttpHeaders.class,
                boolean.class);
        assertStatic(
                AuthenticationManager.class,
                "backchannelLogoutUserSessionFromClient",
                void.class,
                KeycloakSession.class,
                RealmModel.class,
                UserSessionModel.class,
                ClientModel.class,
                UriInfo.class,
                HttpHeaders.class);
        assertStatic(
                AuthenticationManager.class,
                "authenticateIdentityCookie",
                AuthenticationManager.AuthResult.class,
                KeycloakSession.class,
                RealmModel.class,
                boolean.class);
        assertThat(AuthenticationManager.AuthResult.class.getMethod("user").getReturnType())
                .isEqualTo(UserModel.class);
    }

    /** {@code resource.TenantCaller} and {@code invitation.InvitationAcceptance}: bearer tokens and admin events. */
    @Test
    void bearerTokensAndAdminEventsAsTheModuleBuildsThem() throws Exception {
        AppAuthManager.BearerTokenAuthenticator.class.getConstructor(KeycloakSession.class);
        assertThat(AppAuthManager.BearerTokenAuthenticator.class
                        .getMethod("authenticate")
                        .getReturnType())
                .isEqualTo(AuthenticationManager.AuthResult.class);
        AdminAuth.class.getConstructor(RealmModel.class, AccessToken.class, UserModel.class, ClientModel.class);
        AdminEventBuilder.class.getConstructor(
                RealmModel.class, AdminAuth.class, KeycloakSession.class, ClientConnection.class);
    }

    /** {@code setup.FlowInspection} tells conditions from other flow steps by this interface. */
    @Test
    void conditionsAreStillAuthenticatorFactoriesOfTheirOwnInterface() {
        assertThat(ConditionalAuthenticatorFactory.class.isInterface()).isTrue();
        assertThat(AuthenticatorFactory.class).isAssignableFrom(ConditionalAuthenticatorFactory.class);
    }

    /** A public static method with exactly these parameters (and this return type, unless null). */
    static void assertStatic(Class<?> owner, String name, Class<?> returnType, Class<?>... parameters)
            throws NoSuchMethodException {
        Method method = owner.getMethod(name, parameters);
        assertThat(Modifier.isStatic(method.getModifiers()))
                .as(method.toGenericString())
                .isTrue();
        if (returnType != null) {
            assertThat(method.getReturnType()).as(method.toGenericString()).isEqualTo(returnType);
        }
    }
}

package dev.tenancy.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.LogoutEndpoint;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.representations.RefreshToken;
import org.keycloak.utils.SecureContextResolver;

/**
 * The internal Keycloak APIs this module calls (docs/ARCHITECTURE.md, "Internal Keycloak SPIs we use"), exactly as
 * called: an upgrade that renames, retypes or removes one fails here by name, before any integration test.
 */
class KeycloakInternalsTest {

    /**
     * {@code TenancyRefreshTokenProvider} extends Keycloak's default provider and overrides these three; the third is
     * the only place it sees {@code TokenValidation}.
     */
    @Test
    void theDefaultRefreshTokenProviderAsOurAdapterExtendsIt() throws Exception {
        Class<?> provider = DefaultRefreshTokenProvider.class;
        provider.getConstructor(KeycloakSession.class);
        assertThat(provider.getMethod("generateRefreshToken", InitialRefreshTokenContext.class)
                        .getReturnType())
                .isEqualTo(RefreshToken.class);
        assertThat(provider.getMethod("refreshAccessToken", RefreshTokenContext.class)
                        .getReturnType())
                .isEqualTo(TokenManager.AccessTokenResponseBuilder.class);
        Method validate = provider.getDeclaredMethod(
                "validateToken",
                KeycloakSession.class,
                UriInfo.class,
                ClientConnection.class,
                RealmModel.class,
                RefreshToken.class,
                HttpHeaders.class,
                String.class,
                ClientModel.class,
                TokenManager.class,
                EventBuilder.class);
        assertThat(Modifier.isProtected(validate.getModifiers())).isTrue();
        assertThat(validate.getReturnType()).isEqualTo(TokenManager.TokenValidation.class);
        assertThat(RefreshTokenContext.class.getMethod("oldRefreshToken").getReturnType())
                .isEqualTo(RefreshToken.class);
        assertThat(RefreshTokenContext.class.getMethod("grantContext").getReturnType())
                .isEqualTo(OAuth2GrantType.Context.class);
    }

    /** {@code FamilyTokenPostProcessor} moves a family's head as the last step of a token response. */
    @Test
    void thePostProcessorContextHasTheTokensTheFamilyStepReads() throws Exception {
        assertThat(TokenPostProcessor.class.getMethod("process", TokenPostProcessorContext.class))
                .isNotNull();
        assertThat(TokenPostProcessorContext.class.getMethod("refreshToken").getReturnType())
                .isEqualTo(RefreshToken.class);
        assertThat(TokenPostProcessorContext.class
                        .getMethod("requestRefreshToken")
                        .getReturnType())
                .isEqualTo(RefreshToken.class);
        assertThat(TokenPostProcessorContext.class.getMethod("clientSessionCtx").getReturnType())
                .isEqualTo(ClientSessionContext.class);
    }

    @Test
    void tokenValidationHasTheFieldsTheAdapterReads() throws Exception {
        Class<?> validation = TokenManager.TokenValidation.class;
        assertThat(validation.getField("user").getType()).isEqualTo(UserModel.class);
        assertThat(validation.getField("userSession").getType()).isEqualTo(UserSessionModel.class);
        assertThat(validation.getField("clientSessionCtx").getType()).isEqualTo(ClientSessionContext.class);
    }

    /** {@code session.InProcessGrants}: Keycloak's token and logout endpoints, in-process on a substituted request. */
    @Test
    void theEndpointsInProcessGrantsRuns() throws Exception {
        TokenEndpoint.class.getConstructor(KeycloakSession.class, TokenManager.class, EventBuilder.class);
        assertThat(TokenEndpoint.class.getMethod("processGrantRequest").getReturnType())
                .isEqualTo(Response.class);
        LogoutEndpoint.class.getConstructor(KeycloakSession.class, TokenManager.class, EventBuilder.class);
        assertThat(LogoutEndpoint.class.getMethod("logout").getReturnType()).isEqualTo(Response.class);
        TokenManager.class.getConstructor();
        assertThat(KeycloakContext.class.getMethod("setHttpRequest", HttpRequest.class))
                .isNotNull();
        assertThat(KeycloakContext.class.getMethod("getHttpRequest").getReturnType())
                .isEqualTo(HttpRequest.class);
    }

    /** {@code session.CookieSessionCors} and {@code session.CookieSessionResource}. */
    @Test
    void theWebOriginAndSecureContextHelpers() throws Exception {
        Method origins =
                WebOriginsUtils.class.getMethod("resolveValidWebOrigins", KeycloakSession.class, ClientModel.class);
        assertThat(Modifier.isStatic(origins.getModifiers())).isTrue();
        assertThat(origins.getReturnType()).isEqualTo(Set.class);
        Method secure = SecureContextResolver.class.getMethod("isSecureContext", KeycloakSession.class);
        assertThat(Modifier.isStatic(secure.getModifiers())).isTrue();
        assertThat(secure.getReturnType()).isEqualTo(boolean.class);
    }
}

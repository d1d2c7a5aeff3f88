package dev.tenancy.refresh.session;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.LogoutEndpoint;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's own token and logout endpoints, called in-process with a substituted request ({@link GrantRequest}), so
 * that client authentication, PKCE, the rotation executor, the tenant switch, strict tenant selection, token
 * post-processors and events apply unchanged. Every event they cause carries {@code tenancy_session=cookie}.
 */
final class InProcessGrants {

    private final KeycloakSession session;

    InProcessGrants(KeycloakSession session) {
        this.session = session;
    }

    /** The form of a {@code grantType} grant for {@code client}, to add the grant's fields to. */
    static MultivaluedMap<String, String> grantForm(String grantType, ClientModel client) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OAuth2Constants.GRANT_TYPE, grantType);
        form.putSingle(OIDCLoginProtocol.CLIENT_ID_PARAM, client.getClientId());
        return form;
    }

    /** Runs Keycloak's token endpoint on {@code grant}; a token response moves its refresh token into the cookie. */
    Response tokens(MultivaluedMap<String, String> grant, RefreshCookie cookie) {
        Response response =
                inProcess(grant, event -> new TokenEndpoint(session, new TokenManager(), event).processGrantRequest());
        if (response.getStatus() != Response.Status.OK.getStatusCode()
                || !(response.getEntity() instanceof AccessTokenResponse tokens)) {
            return response;
        }
        if (tokens.getRefreshToken() != null) {
            // No refresh token in the response (e.g. Keycloak's suppress-refresh-token-rotation executor): the
            // presented one stays valid, and so does the cookie.
            session.getContext()
                    .getHttpResponse()
                    .addHeader(
                            HttpHeaders.SET_COOKIE, cookie.set(tokens.getRefreshToken(), tokens.getRefreshExpiresIn()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>(JsonSerialization.mapper.convertValue(tokens, Map.class));
        body.remove(OAuth2Constants.REFRESH_TOKEN);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Keycloak's logout with {@code refreshToken} of {@code client}: ends its user session. */
    Response logout(ClientModel client, String refreshToken) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OIDCLoginProtocol.CLIENT_ID_PARAM, client.getClientId());
        form.putSingle(OAuth2Constants.REFRESH_TOKEN, refreshToken);
        return inProcess(form, event -> new LogoutEndpoint(session, new TokenManager(), event).logout());
    }

    private interface Endpoint {
        Response call(EventBuilder event);
    }

    /** Calls a Keycloak endpoint with {@code form} as the request's form; errors propagate as Keycloak throws them. */
    private Response inProcess(MultivaluedMap<String, String> form, Endpoint endpoint) {
        KeycloakContext context = session.getContext();
        HttpRequest browser = context.getHttpRequest();
        context.setHttpRequest(new GrantRequest(browser, form));
        try {
            EventBuilder event = new EventBuilder(context.getRealm(), session, context.getConnection())
                    .detail(CookieSessionResource.EVENT_DETAIL, "cookie");
            return endpoint.call(event);
        } finally {
            context.setHttpRequest(browser);
        }
    }
}

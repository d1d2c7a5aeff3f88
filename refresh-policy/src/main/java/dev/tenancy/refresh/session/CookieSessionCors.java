package dev.tenancy.refresh.session;

import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.http.HttpResponse;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;

/**
 * CORS of the cookie-mode endpoints: only the client's own web origins (Keycloak's resolution, {@code +} included),
 * with credentials; a preflight for POST with the CSRF header.
 */
final class CookieSessionCors {

    private static final int PREFLIGHT_MAX_AGE_SECONDS = 600;

    private final KeycloakSession session;
    private final CrossSiteGuard guard;

    private CookieSessionCors(KeycloakSession session, CrossSiteGuard guard) {
        this.session = session;
        this.guard = guard;
    }

    static CookieSessionCors of(KeycloakSession session, ClientModel client) {
        return new CookieSessionCors(
                session, CrossSiteGuard.forOrigins(WebOriginsUtils.resolveValidWebOrigins(session, client)));
    }

    CrossSiteGuard guard() {
        return guard;
    }

    /** Lets {@code origin} read the response when it is one of the client's, also on refusals, so the SPA sees why. */
    void allowOrigin(String origin) {
        if (guard.allows(origin)) {
            HttpResponse response = session.getContext().getHttpResponse();
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    /** The answer to a preflight from {@code origin} asking for {@code method}; 403 {@code access_denied} if refused. */
    Response preflight(String origin, String method) {
        if (!guard.allows(origin)) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    OAuthErrorException.ACCESS_DENIED,
                    "Refused: origin is not a web origin of this client");
        }
        if (method != null && !"POST".equals(method)) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN, OAuthErrorException.ACCESS_DENIED, "Refused: only POST is allowed here");
        }
        HttpResponse response = session.getContext().getHttpResponse();
        response.setHeader("Access-Control-Allow-Methods", "POST");
        response.setHeader("Access-Control-Allow-Headers", "Content-Type, " + CrossSiteGuard.HEADER);
        response.setHeader("Access-Control-Max-Age", Integer.toString(PREFLIGHT_MAX_AGE_SECONDS));
        return Response.noContent().build();
    }
}

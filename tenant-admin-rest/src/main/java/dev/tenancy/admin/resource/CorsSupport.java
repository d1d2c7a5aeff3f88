package dev.tenancy.admin.resource;

import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.cors.Cors;

/**
 * CORS for single-page apps calling the tenant API, with Keycloak's own {@link Cors} helper, as the account API does:
 * an authenticated request's answer carries {@code Access-Control-Allow-Origin} when the request's {@code Origin} is
 * among the token's {@code allowed-origins} (the web origins of the client that got the token), and a request from
 * another browser origin is refused (403); a preflight
 * ({@code OPTIONS}, no token) is answered for any origin, like Keycloak's {@code CorsPreflightService}.
 */
final class CorsSupport {

    private static final String[] METHODS = {HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE};

    private CorsSupport() {}

    /**
     * Adds the CORS headers for an authenticated call (to the answer and to any error answer that follows). As in
     * Keycloak's account API, a browser {@code Origin} that is not among the token's allowed origins is refused: 403
     * {@code access_denied}, before anything else happens.
     */
    static void allow(AccessToken token) {
        try {
            Cors.builder()
                    .checkAllowedOrigins(token)
                    .allowedMethods(METHODS)
                    .exposedHeaders("Location")
                    .auth()
                    .add();
        } catch (ForbiddenException e) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    "Origin not allowed for the client of this token (its web origins)");
        }
    }

    static Response preflight() {
        return Cors.builder()
                .auth()
                .allowedMethods(HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS)
                .preflight()
                .add(Response.ok());
    }

    /** In a sub-resource locator: answers a preflight at once (a locator cannot return a response). */
    static void answerPreflight(String httpMethod) {
        if (HttpMethod.OPTIONS.equals(httpMethod)) {
            throw new ErrorResponseException(preflight());
        }
    }
}

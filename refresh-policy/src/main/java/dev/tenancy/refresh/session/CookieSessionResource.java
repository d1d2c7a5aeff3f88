package dev.tenancy.refresh.session;

import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.http.HttpResponse;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.SecureContextResolver;

/**
 * {@code /realms/{realm}/tenancy-session}: the token-mediating endpoints of cookie mode. The SPA keeps its access token
 * in memory; the refresh token lives only in an HttpOnly cookie ({@link RefreshCookie}) that these endpoints set,
 * read, rotate and clear.
 *
 * <pre>
 * POST    {clientId}/token     code exchange: code, code_verifier, redirect_uri
 * POST    {clientId}/refresh   new access token; the cookie rotates
 * POST    {clientId}/switch    like refresh, to tenant=&lt;alias&gt;
 * POST    {clientId}/logout    ends the user session, clears the cookie
 * OPTIONS {clientId}/{op}      CORS preflight
 * GET     tenancy-session.js   the JavaScript helper (ES module)
 * </pre>
 *
 * <p>No grant logic lives here: each POST builds the form Keycloak's own token (or logout) endpoint expects, with the
 * refresh token taken from the cookie, and calls that endpoint in-process ({@link InProcessGrants}). So client
 * authentication, PKCE, the rotation executor, the tenant switch, strict tenant selection, token post-processors and
 * events apply unchanged. Only the response changes: the refresh token is taken out of the JSON and put in the
 * cookie.</p>
 *
 * <p>Order of checks on every POST, each answering before anything is read or changed: unknown or disabled client
 * (401 {@code invalid_client}); client not set up for cookie mode (403 {@code unauthorized_client};
 * {@link CookieModeClients}); cross-site request ({@link CrossSiteGuard}, 403 {@code access_denied}); malformed body
 * (400 {@code invalid_request}; {@link BrowserForm}); missing cookie (401 {@code invalid_token}). CORS:
 * {@link CookieSessionCors}; the helper script: {@link HelperScript}. Keycloak's own answers follow (400 {@code invalid_grant} for a bad code, verifier,
 * cookie or tenant).</p>
 */
public class CookieSessionResource {

    /** Client attribute that turns cookie mode on for a client. */
    public static final String COOKIE_MODE_ATTRIBUTE = TenancyConventions.ATTRIBUTE_PREFIX + "session.cookie-mode";
    /** Event detail on every event these endpoints cause: {@code tenancy_session=cookie}. */
    public static final String EVENT_DETAIL = "tenancy_session";

    public static final String HELPER_FILE = HelperScript.FILE;

    static final String TOKEN = "token";
    static final String REFRESH = "refresh";
    static final String SWITCH = "switch";
    static final String LOGOUT = "logout";
    private static final Set<String> OPERATIONS = Set.of(TOKEN, REFRESH, SWITCH, LOGOUT);

    private final KeycloakSession session;
    private final InProcessGrants grants;

    public CookieSessionResource(KeycloakSession session) {
        this.session = session;
        this.grants = new InProcessGrants(session);
    }

    // ---- the helper ----

    /** The JavaScript helper, public and static: any origin may import it (no credentials involved). */
    @GET
    @Path(HELPER_FILE)
    public Response helper() {
        return HelperScript.get().response(header(HttpHeaders.IF_NONE_MATCH));
    }

    // ---- CORS preflight ----

    @OPTIONS
    @Path("{clientId}/{operation}")
    public Response preflight(@PathParam("clientId") String clientId, @PathParam("operation") String operation) {
        if (!OPERATIONS.contains(operation)) {
            throw OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "No such endpoint: " + operation);
        }
        ClientModel client = cookieModeClient(clientId);
        return CookieSessionCors.of(session, client)
                .preflight(header("Origin"), header("Access-Control-Request-Method"));
    }

    // ---- the four operations ----

    /** Code exchange: {@code code}, {@code code_verifier}, {@code redirect_uri}. Sets the cookie. */
    @POST
    @Path("{clientId}/" + TOKEN)
    public Response token(@PathParam("clientId") String clientId) {
        ClientModel client = guarded(clientId);
        MultivaluedMap<String, String> fields =
                browserForm(Set.of(OAuth2Constants.CODE, OAuth2Constants.CODE_VERIFIER, OAuth2Constants.REDIRECT_URI));
        MultivaluedMap<String, String> grant = InProcessGrants.grantForm(OAuth2Constants.AUTHORIZATION_CODE, client);
        fields.forEach(grant::put);
        return grants.tokens(grant, cookie());
    }

    /** A new access token from the cookie's refresh token; the cookie rotates as the client's policy says. */
    @POST
    @Path("{clientId}/" + REFRESH)
    public Response refresh(@PathParam("clientId") String clientId) {
        ClientModel client = guarded(clientId);
        browserForm(Set.of());
        MultivaluedMap<String, String> grant = InProcessGrants.grantForm(OAuth2Constants.REFRESH_TOKEN, client);
        grant.putSingle(OAuth2Constants.REFRESH_TOKEN, requiredCookie());
        return grants.tokens(grant, cookie());
    }

    /** A refresh that switches the chain to {@code tenant=<alias>} (membership and enabled checks of TenantSwitch). */
    @POST
    @Path("{clientId}/" + SWITCH)
    public Response switchTenant(@PathParam("clientId") String clientId) {
        ClientModel client = guarded(clientId);
        MultivaluedMap<String, String> fields = browserForm(Set.of(TenancyConventions.SWITCH_TENANT_PARAMETER));
        String tenant = fields.getFirst(TenancyConventions.SWITCH_TENANT_PARAMETER);
        if (tenant == null) {
            throw OAuthErrors.exception(
                    Response.Status.BAD_REQUEST,
                    OAuthErrorException.INVALID_REQUEST,
                    "Missing form parameter: " + TenancyConventions.SWITCH_TENANT_PARAMETER);
        }
        MultivaluedMap<String, String> grant = InProcessGrants.grantForm(OAuth2Constants.REFRESH_TOKEN, client);
        grant.putSingle(OAuth2Constants.REFRESH_TOKEN, requiredCookie());
        grant.putSingle(TenancyConventions.SWITCH_TENANT_PARAMETER, tenant);
        return grants.tokens(grant, cookie());
    }

    /** Ends the user session of the cookie's refresh token (Keycloak's logout with a refresh token) and clears it. */
    @POST
    @Path("{clientId}/" + LOGOUT)
    public Response logout(@PathParam("clientId") String clientId) {
        ClientModel client = guarded(clientId);
        browserForm(Set.of());
        String refreshToken = requiredCookie();
        // Cleared whatever Keycloak answers: the token is spent either way.
        session.getContext().getHttpResponse().addHeader(HttpHeaders.SET_COOKIE, cookie().clear());
        return grants.logout(client, refreshToken);
    }

    // ---- checks ----

    /** The client if it may use cookie mode, with CORS answered for its origins; else the refusal. */
    private ClientModel guarded(String clientId) {
        ClientModel client = cookieModeClient(clientId);
        CrossSiteGuard guard = CookieSessionCors.of(session, client).guard();
        String refusal = guard.refusal(header("Origin"), header(CrossSiteGuard.HEADER));
        if (refusal != null) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, OAuthErrorException.ACCESS_DENIED, refusal);
        }
        return client;
    }

    private ClientModel cookieModeClient(String clientId) {
        ClientModel client = CookieModeClients.enabled(session, clientId);
        HttpResponse response = session.getContext().getHttpResponse();
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", "Origin");
        // CORS for the client's own origins, also on refusals below, so the SPA can read why.
        CookieSessionCors.of(session, client).allowOrigin(header("Origin"));
        CookieModeClients.refuseMisconfigured(client, clientId);
        return client;
    }

    private MultivaluedMap<String, String> browserForm(Set<String> allowed) {
        return BrowserForm.read(session.getContext().getHttpRequest(), allowed);
    }

    private String requiredCookie() {
        Map<String, Cookie> cookies =
                session.getContext().getHttpRequest().getHttpHeaders().getCookies();
        String value = cookie().read(name ->
                cookies.get(name) == null ? null : cookies.get(name).getValue());
        if (value == null) {
            throw OAuthErrors.exception(
                    Response.Status.UNAUTHORIZED, "invalid_token", "No session cookie: sign in first");
        }
        return value;
    }

    private RefreshCookie cookie() {
        KeycloakContext context = session.getContext();
        boolean https =
                "https".equalsIgnoreCase(context.getUri().getRequestUri().getScheme());
        return RefreshCookie.of(
                https,
                SecureContextResolver.isSecureContext(session),
                RefreshCookie.folderOf(context.getUri().getRequestUri().getRawPath()));
    }

    private String header(String name) {
        return session.getContext().getHttpRequest().getHttpHeaders().getHeaderString(name);
    }
}

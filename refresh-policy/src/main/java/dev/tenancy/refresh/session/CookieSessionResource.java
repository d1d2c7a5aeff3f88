package dev.tenancy.refresh.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.http.HttpResponse;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.LogoutEndpoint;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;
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
 * refresh token taken from the cookie, and calls that endpoint in-process ({@link GrantRequest}). So client
 * authentication, PKCE, the rotation executor, the tenant switch, strict tenant selection, token post-processors and
 * events apply unchanged. Only the response changes: the refresh token is taken out of the JSON and put in the
 * cookie.</p>
 *
 * <p>Order of checks on every POST, each answering before anything is read or changed: unknown or disabled client
 * (401 {@code invalid_client}); client not set up for cookie mode (403 {@code unauthorized_client}); cross-site request
 * ({@link CrossSiteGuard}, 403 {@code access_denied}); malformed body (400 {@code invalid_request}); missing cookie
 * (401 {@code invalid_token}). Keycloak's own answers follow (400 {@code invalid_grant} for a bad code, verifier,
 * cookie or tenant).</p>
 */
public class CookieSessionResource {

    /** Client attribute that turns cookie mode on for a client. */
    public static final String COOKIE_MODE_ATTRIBUTE = TenancyConventions.ATTRIBUTE_PREFIX + "session.cookie-mode";
    /** Event detail on every event these endpoints cause: {@code tenancy_session=cookie}. */
    public static final String EVENT_DETAIL = "tenancy_session";
    public static final String HELPER_FILE = "tenancy-session.js";

    static final String TOKEN = "token";
    static final String REFRESH = "refresh";
    static final String SWITCH = "switch";
    static final String LOGOUT = "logout";
    private static final Set<String> OPERATIONS = Set.of(TOKEN, REFRESH, SWITCH, LOGOUT);
    private static final String HELPER_RESOURCE = "/dev/tenancy/refresh/session/" + HELPER_FILE;
    private static final int PREFLIGHT_MAX_AGE_SECONDS = 600;

    private final KeycloakSession session;

    public CookieSessionResource(KeycloakSession session) {
        this.session = session;
    }

    // ---- the helper ----

    /** The JavaScript helper, public and static: any origin may import it (no credentials involved). */
    @GET
    @Path(HELPER_FILE)
    public Response helper() {
        try (InputStream in = CookieSessionResource.class.getResourceAsStream(HELPER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(HELPER_RESOURCE + " is missing from the refresh-policy jar");
            }
            return Response.ok(in.readAllBytes(), "text/javascript; charset=utf-8")
                    .header("Access-Control-Allow-Origin", "*")
                    .header("Cache-Control", "no-cache")
                    .header("X-Content-Type-Options", "nosniff")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- CORS preflight ----

    @OPTIONS
    @Path("{clientId}/{operation}")
    public Response preflight(@PathParam("clientId") String clientId, @PathParam("operation") String operation) {
        if (!OPERATIONS.contains(operation)) {
            throw OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "No such endpoint: " + operation);
        }
        ClientModel client = cookieModeClient(clientId);
        String origin = header("Origin");
        if (!guardOf(client).allows(origin)) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, OAuthErrorException.ACCESS_DENIED,
                    "Refused: origin is not a web origin of this client");
        }
        String method = header("Access-Control-Request-Method");
        if (method != null && !"POST".equals(method)) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, OAuthErrorException.ACCESS_DENIED,
                    "Refused: only POST is allowed here");
        }
        HttpResponse response = session.getContext().getHttpResponse();
        response.setHeader("Access-Control-Allow-Methods", "POST");
        response.setHeader("Access-Control-Allow-Headers", "Content-Type, " + CrossSiteGuard.HEADER);
        response.setHeader("Access-Control-Max-Age", Integer.toString(PREFLIGHT_MAX_AGE_SECONDS));
        return Response.noContent().build();
    }

    // ---- the four operations ----

    /** Code exchange: {@code code}, {@code code_verifier}, {@code redirect_uri}. Sets the cookie. */
    @POST
    @Path("{clientId}/" + TOKEN)
    public Response token(@PathParam("clientId") String clientId) {
        ClientModel client = guarded(clientId);
        MultivaluedMap<String, String> fields = browserForm(Set.of(OAuth2Constants.CODE, OAuth2Constants.CODE_VERIFIER,
                OAuth2Constants.REDIRECT_URI));
        MultivaluedMap<String, String> grant = grantForm(OAuth2Constants.AUTHORIZATION_CODE, client);
        fields.forEach(grant::put);
        return tokens(grant);
    }

    /** A new access token from the cookie's refresh token; the cookie rotates as the client's policy says. */
    @POST
    @Path("{clientId}/" + REFRESH)
    public Response refresh(@PathParam("clientId") String clientId) {
        ClientModel client = guarded(clientId);
        browserForm(Set.of());
        MultivaluedMap<String, String> grant = grantForm(OAuth2Constants.REFRESH_TOKEN, client);
        grant.putSingle(OAuth2Constants.REFRESH_TOKEN, requiredCookie());
        return tokens(grant);
    }

    /** A refresh that switches the chain to {@code tenant=<alias>} (membership and enabled checks of TenantSwitch). */
    @POST
    @Path("{clientId}/" + SWITCH)
    public Response switchTenant(@PathParam("clientId") String clientId) {
        ClientModel client = guarded(clientId);
        MultivaluedMap<String, String> fields = browserForm(Set.of(TenancyConventions.SWITCH_TENANT_PARAMETER));
        String tenant = fields.getFirst(TenancyConventions.SWITCH_TENANT_PARAMETER);
        if (tenant == null) {
            throw OAuthErrors.exception(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST,
                    "Missing form parameter: " + TenancyConventions.SWITCH_TENANT_PARAMETER);
        }
        MultivaluedMap<String, String> grant = grantForm(OAuth2Constants.REFRESH_TOKEN, client);
        grant.putSingle(OAuth2Constants.REFRESH_TOKEN, requiredCookie());
        grant.putSingle(TenancyConventions.SWITCH_TENANT_PARAMETER, tenant);
        return tokens(grant);
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
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OIDCLoginProtocol.CLIENT_ID_PARAM, client.getClientId());
        form.putSingle(OAuth2Constants.REFRESH_TOKEN, refreshToken);
        return inProcess(form, event -> new LogoutEndpoint(session, new TokenManager(), event).logout());
    }

    // ---- checks ----

    /** The client if it may use cookie mode, with CORS answered for its origins; else the refusal. */
    private ClientModel guarded(String clientId) {
        ClientModel client = cookieModeClient(clientId);
        CrossSiteGuard guard = guardOf(client);
        String refusal = guard.refusal(header("Origin"), header(CrossSiteGuard.HEADER));
        if (refusal != null) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, OAuthErrorException.ACCESS_DENIED, refusal);
        }
        return client;
    }

    private ClientModel cookieModeClient(String clientId) {
        // NUL never reaches the database: PostgreSQL refuses it in a text parameter (a 500), no client id holds it
        ClientModel client = clientId == null || clientId.indexOf('\0') >= 0 ? null
                : session.getContext().getRealm().getClientByClientId(clientId);
        if (client == null || !client.isEnabled()) {
            throw OAuthErrors.exception(Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT,
                    "Unknown or disabled client");
        }
        HttpResponse response = session.getContext().getHttpResponse();
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", "Origin");
        // CORS for the client's own origins, also on refusals below, so the SPA can read why.
        String origin = header("Origin");
        if (guardOf(client).allows(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        String misconfiguration = misconfiguration(client);
        if (misconfiguration != null) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "Client '" + clientId + "' cannot use cookie mode: " + misconfiguration);
        }
        return client;
    }

    /** Why a client cannot use cookie mode, or null. */
    static String misconfiguration(ClientModel client) {
        if (!"true".equals(client.getAttribute(COOKIE_MODE_ATTRIBUTE))) {
            return "client attribute " + COOKIE_MODE_ATTRIBUTE + " is not true";
        }
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol() == null ? OIDCLoginProtocol.LOGIN_PROTOCOL
                : client.getProtocol())) {
            return "it is not an OpenID Connect client";
        }
        if (!client.isPublicClient()) {
            return "it is not a public client (a browser app holds no secret)";
        }
        if (!client.isStandardFlowEnabled()) {
            return "the standard flow (authorization code) is off";
        }
        if (!"S256".equals(client.getAttribute(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD))) {
            return "PKCE is not required with S256 (client attribute "
                    + OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD + ")";
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(client).isUseRefreshToken()) {
            return "it issues no refresh tokens (Use refresh tokens is off)";
        }
        return null;
    }

    private CrossSiteGuard guardOf(ClientModel client) {
        return CrossSiteGuard.forOrigins(WebOriginsUtils.resolveValidWebOrigins(session, client));
    }

    /**
     * The SPA's form fields: only {@code allowed} ones, each once, form-encoded. The refresh token is never accepted
     * from the body.
     */
    private MultivaluedMap<String, String> browserForm(Set<String> allowed) {
        HttpRequest request = session.getContext().getHttpRequest();
        MediaType type;
        try {
            type = request.getHttpHeaders().getMediaType();
        } catch (IllegalArgumentException unparsable) {
            type = null; // a Content-Type that is no media type at all ("???"): refused below, not a 500
        }
        if (type == null && request.getHttpHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE) != null
                || type != null && !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            throw OAuthErrors.exception(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST,
                    "Send the fields as application/x-www-form-urlencoded");
        }
        MultivaluedMap<String, String> form = type == null ? new MultivaluedHashMap<>()
                : request.getDecodedFormParameters();
        MultivaluedMap<String, String> accepted = new MultivaluedHashMap<>();
        for (Map.Entry<String, List<String>> field : form.entrySet()) {
            String name = field.getKey();
            if (OAuth2Constants.REFRESH_TOKEN.equals(name)) {
                throw OAuthErrors.exception(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST,
                        "The refresh token is never sent in the body: it is read from the cookie");
            }
            if (!allowed.contains(name)) {
                throw OAuthErrors.exception(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST,
                        "Unexpected parameter '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                                + "'; this endpoint accepts " + (allowed.isEmpty() ? "no parameters" : String.join(", ",
                                allowed.stream().sorted().toList())));
            }
            if (field.getValue().size() != 1) {
                throw OAuthErrors.exception(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST,
                        "Duplicated parameter '" + name + "'");
            }
            accepted.put(name, field.getValue());
        }
        return accepted;
    }

    private String requiredCookie() {
        Map<String, Cookie> cookies = session.getContext().getHttpRequest().getHttpHeaders().getCookies();
        String value = cookie().read(name -> cookies.get(name) == null ? null : cookies.get(name).getValue());
        if (value == null) {
            throw OAuthErrors.exception(Response.Status.UNAUTHORIZED, "invalid_token",
                    "No session cookie: sign in first");
        }
        return value;
    }

    private RefreshCookie cookie() {
        KeycloakContext context = session.getContext();
        boolean https = "https".equalsIgnoreCase(context.getUri().getRequestUri().getScheme());
        return RefreshCookie.of(https, SecureContextResolver.isSecureContext(session),
                RefreshCookie.folderOf(context.getUri().getRequestUri().getRawPath()));
    }

    private String header(String name) {
        return session.getContext().getHttpRequest().getHttpHeaders().getHeaderString(name);
    }

    // ---- calling Keycloak's endpoints ----

    private static MultivaluedMap<String, String> grantForm(String grantType, ClientModel client) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OAuth2Constants.GRANT_TYPE, grantType);
        form.putSingle(OIDCLoginProtocol.CLIENT_ID_PARAM, client.getClientId());
        return form;
    }

    /** Runs Keycloak's token endpoint on {@code grant}; a token response moves its refresh token into the cookie. */
    private Response tokens(MultivaluedMap<String, String> grant) {
        Response response = inProcess(grant, event -> new TokenEndpoint(session, new TokenManager(), event)
                .processGrantRequest());
        if (response.getStatus() != Response.Status.OK.getStatusCode()
                || !(response.getEntity() instanceof AccessTokenResponse tokens)) {
            return response;
        }
        if (tokens.getRefreshToken() != null) {
            // No refresh token in the response (e.g. Keycloak's suppress-refresh-token-rotation executor): the
            // presented one stays valid, and so does the cookie.
            session.getContext().getHttpResponse().addHeader(HttpHeaders.SET_COOKIE,
                    cookie().set(tokens.getRefreshToken(), tokens.getRefreshExpiresIn()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>(JsonSerialization.mapper.convertValue(tokens, Map.class));
        body.remove(OAuth2Constants.REFRESH_TOKEN);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
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
                    .detail(EVENT_DETAIL, "cookie");
            return endpoint.call(event);
        } finally {
            context.setHttpRequest(browser);
        }
    }
}

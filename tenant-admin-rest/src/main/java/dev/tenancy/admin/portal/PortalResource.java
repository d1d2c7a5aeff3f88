package dev.tenancy.admin.portal;

import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.theme.Theme;

/**
 * {@code /realms/{realm}/tenants/portal/}: the tenant admin portal, a page of plain ES modules that does everything
 * through the tenant API with a cookie-mode session of the client {@value PortalClientSettings#CLIENT_ID}. This class
 * only serves files: the page (rendered per request, never cached), the versioned static files (cached for a year),
 * and 404 in Keycloak's error format for anything else. It reads no token and needs none: what the page shows is what
 * the tenant API answers the signed-in user.
 */
public class PortalResource {

    private static final Logger LOG = Logger.getLogger(PortalResource.class);
    /** The login theme whose PatternFly the portal links, and the style sheets it falls back to. */
    static final String THEME = "keycloak.v2";

    static final List<String> FALLBACK_STYLES =
            List.of("vendor/patternfly-v5/patternfly.min.css", "vendor/patternfly-v5/patternfly-addons.css");
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final KeycloakSession session;

    public PortalResource(KeycloakSession session) {
        this.session = session;
    }

    /** The page; {@code .../portal} (no slash) redirects to {@code .../portal/}, so relative URLs resolve below it. */
    @GET
    @Path("")
    public Response page() {
        URI requested = session.getContext().getUri().getRequestUri();
        if (!requested.getRawPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .location(URI.create(realmUrl() + "/tenants/portal/"))
                    .build();
        }
        String uiLocales = session.getContext().getUri().getQueryParameters().getFirst("ui_locales");
        String language = PortalLocale.choose(
                uiLocales,
                keycloakLocale(),
                session.getContext().getRequestHeaders().getAcceptableLanguages());
        RealmModel realm = session.getContext().getRealm();
        String html = PortalPage.render(new PortalPage.Input(
                realm.getName(),
                realmUrl(),
                styles(),
                language,
                PortalAssets.get().version()));
        Response.ResponseBuilder response = Response.ok(html, "text/html; charset=utf-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Language", language)
                .header(HttpHeaders.VARY, "Accept-Language, Cookie");
        securityHeaders(realm).forEach(response::header);
        return response.build();
    }

    /**
     * The realm's browser security headers (console: Realm settings, Security defenses) with the portal's own
     * Content-Security-Policy and {@code X-Frame-Options: DENY}. Keycloak's security-header filter would overwrite
     * a CSP set here with the realm's (which allows inline scripts), so it is told to skip this answer.
     */
    private Map<String, String> securityHeaders(RealmModel realm) {
        SecurityHeadersProvider provider = session.getProvider(SecurityHeadersProvider.class);
        if (provider != null) {
            provider.options().skipHeaders();
        }
        Map<String, String> configured =
                realm.getBrowserSecurityHeaders() == null ? Map.of() : realm.getBrowserSecurityHeaders();
        Map<String, String> headers = new LinkedHashMap<>();
        for (BrowserSecurityHeaders header : BrowserSecurityHeaders.values()) {
            String value =
                    switch (header) {
                        case CONTENT_SECURITY_POLICY -> PortalPage.contentSecurityPolicy();
                        case X_FRAME_OPTIONS -> "DENY";
                        default -> configured.getOrDefault(header.getKey(), header.getDefaultValue());
                    };
            if (value != null && !value.isEmpty()) {
                headers.put(header.getHeaderName(), value);
            }
        }
        headers.putIfAbsent("Referrer-Policy", "no-referrer");
        return headers;
    }

    /**
     * A static file under its version: cached for a year when the version is the current one; an old page asking for
     * an old version gets today's file, not cached (it reloads into the new version soon).
     */
    @GET
    @Path("{version: [0-9a-f]{12}}/{file: .+}")
    public Response asset(@PathParam("version") String version, @PathParam("file") String file) {
        PortalAssets assets = PortalAssets.get();
        PortalAssets.Asset asset = assets.find(file).orElseThrow(PortalResource::notFound);
        return Response.ok(asset.bytes(), asset.contentType())
                .header(HttpHeaders.CACHE_CONTROL, assets.version().equals(version) ? IMMUTABLE : "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** Anything else below the portal: 404 {@code not_found}. */
    @GET
    @Path("{path: .+}")
    public Response unknown(@PathParam("path") String path) {
        throw notFound();
    }

    private static RuntimeException notFound() {
        return OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "No such file in the tenant portal");
    }

    private String realmUrl() {
        URI base = session.getContext().getUri().getBaseUri();
        String root = base.toString().replaceAll("/+$", "");
        return root + "/realms/"
                + PortalPaths.segment(session.getContext().getRealm().getName());
    }

    /** Keycloak's locale selection (user's choice cookie, realm default) when the realm is internationalised. */
    private Locale keycloakLocale() {
        RealmModel realm = session.getContext().getRealm();
        if (!realm.isInternationalizationEnabled()) {
            return null;
        }
        try {
            return session.getContext().resolveLocale(null);
        } catch (RuntimeException e) {
            LOG.debugf("No locale from Keycloak's selection: %s", e.toString());
            return null;
        }
    }

    /**
     * The URLs of the PatternFly style sheets exactly as the {@value #THEME} login theme links them: its
     * {@code stylesCommon} below the common resources of this Keycloak version
     * ({@code /resources/<version>/common/keycloak/...}, Keycloak's {@code UrlBean.getResourcesCommonPath}).
     */
    private List<String> styles() {
        String common = "common/keycloak";
        List<String> names = FALLBACK_STYLES;
        try {
            Theme theme = session.theme().getTheme(THEME, Theme.Type.LOGIN);
            Properties properties = theme == null ? null : theme.getProperties();
            if (properties != null) {
                String configured = properties.getProperty("common");
                if (configured != null && !configured.isBlank()) {
                    common = configured;
                }
                String styles = properties.getProperty("stylesCommon");
                if (styles != null && !styles.isBlank()) {
                    names = List.of(styles.trim().split("\\s+"));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debugf("Theme %s not readable, linking the known style sheets: %s", THEME, e.toString());
        }
        String root = Urls.themeRoot(session.getContext().getUri().getBaseUri()).getPath() + "/" + common + "/";
        List<String> urls = new ArrayList<>();
        names.forEach(name -> urls.add(root + name));
        return urls;
    }
}

package dev.tenancy.refresh.session;

import java.util.function.Function;

/**
 * The cookie that carries a cookie-mode client's refresh token between the browser and the
 * {@code tenancy-session} endpoints. Its value is Keycloak's refresh token as issued (nothing of ours is added); only
 * the browser and Keycloak ever see it.
 *
 * <p>Attributes, and why:</p>
 * <ul>
 *   <li>{@code HttpOnly}: no script of any page can read it (the point of cookie mode);</li>
 *   <li>{@code SameSite=Strict}: never sent on a cross-site request (a link from another site, a cross-site form);</li>
 *   <li>{@code Path=/realms/{realm}/tenancy-session/{clientId}/}: sent only to this client's session endpoints, never to
 *       Keycloak's other pages nor to another client's endpoints, so two SPAs on one Keycloak never see each other's
 *       cookie;</li>
 *   <li>no {@code Domain}: a host-only cookie of Keycloak's host;</li>
 *   <li>{@code Secure} whenever the browser can keep a secure cookie (https, and http://localhost except in Safari:
 *       Keycloak's own {@code SecureContextResolver} decides, as for Keycloak's cookies);</li>
 *   <li>name {@code __Secure-tenancy_rt} on https, {@code tenancy_rt} on plain http. The {@code __Host-} prefixes
 *       ({@code __Host-}, {@code __Host-Http-}) require {@code Path=/}, which would send the refresh token with every
 *       request to Keycloak (login pages, admin console) and could not keep two clients apart, so the path wins over
 *       {@code __Host-}. {@code __Secure-} needs a secure origin: Chromium 156 accepts prefixed cookies from
 *       http://localhost, but the prefix rules tie them to a secure origin and Safari keeps no secure cookie on
 *       http://localhost, so plain http (development only: Keycloak refuses plain http from other hosts unless a realm
 *       turns that off) uses the unprefixed name;</li>
 *   <li>{@code Max-Age} = the refresh token's remaining lifetime (Keycloak's {@code refresh_expires_in}); none for a
 *       token without one (offline tokens without a maximum), which makes it a browser-session cookie.</li>
 * </ul>
 *
 * @param name   cookie name (with or without the {@code __Secure-} prefix)
 * @param path   the cookie's path: the client's endpoint folder, ending in {@code /}
 * @param secure whether the {@code Secure} attribute is set
 */
public record RefreshCookie(String name, String path, boolean secure) {

    public static final String BASE_NAME = "tenancy_rt";
    public static final String SECURE_PREFIX = "__Secure-";

    public RefreshCookie {
        if (path == null || !path.startsWith("/") || !path.endsWith("/")) {
            throw new IllegalArgumentException("cookie path must start and end with '/': " + path);
        }
    }

    /**
     * The cookie for a request.
     *
     * @param https         the request's scheme is https (after proxy headers, as Keycloak sees it)
     * @param secureContext the browser keeps Secure cookies for this origin (Keycloak's SecureContextResolver)
     * @param path          the client's endpoint folder, e.g. {@code /realms/acme/tenancy-session/app/}
     */
    public static RefreshCookie of(boolean https, boolean secureContext, String path) {
        return new RefreshCookie(https ? SECURE_PREFIX + BASE_NAME : BASE_NAME, path, https || secureContext);
    }

    /**
     * The endpoint folder of a request path: everything up to and including the client segment, e.g.
     * {@code /realms/acme/tenancy-session/app/refresh} gives {@code /realms/acme/tenancy-session/app/}. The raw
     * (still encoded) path is used because the browser matches the cookie path against the raw request path.
     */
    public static String folderOf(String rawRequestPath) {
        int slash = rawRequestPath.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a path: " + rawRequestPath);
        }
        return rawRequestPath.substring(0, slash + 1);
    }

    /** The {@code Set-Cookie} value that stores {@code refreshToken}; {@code maxAgeSeconds <= 0} omits Max-Age. */
    public String set(String refreshToken, long maxAgeSeconds) {
        if (refreshToken == null || refreshToken.isEmpty() || !isCookieValue(refreshToken)) {
            throw new IllegalArgumentException("not a cookie-safe refresh token");
        }
        return name + "=" + refreshToken + "; Path=" + path + (maxAgeSeconds > 0 ? "; Max-Age=" + maxAgeSeconds : "")
                + attributes();
    }

    /** The {@code Set-Cookie} value that deletes the cookie (same name and path, expired). */
    public String clear() {
        return name + "=; Path=" + path + "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + attributes();
    }

    /** The cookie's value, given the request's cookie values by name, or null. */
    public String read(Function<String, String> requestCookieValues) {
        String value = requestCookieValues.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    private String attributes() {
        return (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Strict";
    }

    /** RFC 6265 cookie-octets: a JWT (base64url and dots) always is one. */
    static boolean isCookieValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c == 0x21
                    || (c >= 0x23 && c <= 0x2B)
                    || (c >= 0x2D && c <= 0x3A)
                    || (c >= 0x3C && c <= 0x5B)
                    || (c >= 0x5D && c <= 0x7E);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

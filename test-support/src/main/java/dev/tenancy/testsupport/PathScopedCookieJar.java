package dev.tenancy.testsupport;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cookie store of one browser, for tests against servers on this machine. Cookies are kept per host, path and
 * name and sent back only where their path matches (RFC 6265 §5.1.4): Keycloak scopes its cookies
 * ({@code AUTH_SESSION_ID}, {@code KEYCLOAK_IDENTITY}, ...) to {@code /realms/<name>/}, so two realms on one server
 * hold cookies of the same names side by side, and a login that crosses realms (identity brokering) must give each
 * realm only its own, as a browser does.
 *
 * <p>Two simplifications, both true of Keycloak on {@code http://localhost}: the {@code Secure} flag is ignored
 * (Keycloak marks its cookies Secure in production mode; Chrome, like this jar, treats http://localhost as a secure
 * context, while java.net's CookieManager withholds them), and every cookie is host-only ({@code Domain} is not
 * used).</p>
 */
public final class PathScopedCookieJar extends CookieHandler {

    private record Key(String host, String path, String name) {}

    private final Map<Key, HttpCookie> cookies = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String host = hostOf(uri);
        String path = pathOf(uri);
        cookies.values().removeIf(HttpCookie::hasExpired);
        String header = cookies.entrySet().stream()
                .filter(e -> e.getKey().host().equals(host)
                        && pathMatches(path, e.getKey().path()))
                // RFC 6265 §5.4: cookies with longer paths are listed first
                .sorted(Comparator.comparingInt((Map.Entry<Key, HttpCookie> e) ->
                                e.getKey().path().length())
                        .reversed())
                .map(e -> e.getKey().name() + "=" + e.getValue().getValue())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((headerName, values) -> {
            if ("Set-Cookie".equalsIgnoreCase(headerName)) {
                for (String header : values) {
                    for (HttpCookie cookie : HttpCookie.parse(header)) {
                        String path =
                                cookie.getPath() != null && cookie.getPath().startsWith("/")
                                        ? cookie.getPath()
                                        : defaultPath(uri);
                        Key key = new Key(hostOf(uri), path, cookie.getName());
                        if (cookie.hasExpired()) {
                            cookies.remove(key);
                        } else {
                            cookies.put(key, cookie);
                        }
                    }
                }
            }
        });
    }

    /** RFC 6265 §5.1.4: the cookie path is the request path, or a prefix of it ending at a '/'. */
    static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    /** RFC 6265 §5.1.4: without a Path attribute, the "directory" of the request path. */
    static String defaultPath(URI uri) {
        String path = pathOf(uri);
        int lastSlash = path.lastIndexOf('/');
        return lastSlash <= 0 ? "/" : path.substring(0, lastSlash);
    }

    private static String pathOf(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static String hostOf(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }
}

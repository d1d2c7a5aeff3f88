package dev.tenancy.admin.invitation;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The URLs of the invitation flow, built from plain strings with percent-encoding.
 *
 * <p>Why not {@code UriBuilder.queryParam/path}: JAX-RS reads {@code {...}} in those values as URI-template variables,
 * so an e-mail address such as {@code a{b}@example.test} (valid in RFC 5322) or a realm name with braces ends in an
 * {@code IllegalArgumentException}, i.e. a 500. Every value here is encoded; nothing is a template.</p>
 */
public final class InvitationUrls {

    /** The one redirect URI of the client {@code tenancy-invitations}, relative to the server's root URL. */
    public static String callbackPath(String realmName) {
        return invitationsPath(realmName) + "/callback";
    }

    /** {@code /realms/{realm}/tenants/invitations}, the realm name encoded as a path segment. */
    public static String invitationsPath(String realmName) {
        return "/realms/" + segment(realmName) + "/tenants/invitations";
    }

    /** {@code base} (the server's base URI, e.g. {@code https://id.example/}) joined with an absolute path. */
    public static String absolute(URI base, String path) {
        String b = base.toString();
        return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
    }

    /** The invitation link: {@code .../tenants/invitations/accept?key=<key>}. */
    public static String link(URI base, String realmName, String key) {
        return absolute(base, invitationsPath(realmName) + "/accept") + "?" + query(Map.of("key", key));
    }

    /** {@code base?k=v&...} for an endpoint URL that has no query yet; null values are left out. */
    public static String withQuery(String url, Map<String, String> params) {
        String query = query(params);
        return query.isEmpty() ? url : url + "?" + query;
    }

    /** An encoded query string, in the map's iteration order; null values are left out. */
    public static String query(Map<String, String> params) {
        StringJoiner joined = new StringJoiner("&");
        params.forEach((name, value) -> {
            if (value != null) {
                joined.add(encode(name) + "=" + encode(value));
            }
        });
        return joined.toString();
    }

    /** Percent-encoding for a query component or path segment (a space is %20, never '+'). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String segment(String value) {
        return encode(value);
    }

    private InvitationUrls() {}
}

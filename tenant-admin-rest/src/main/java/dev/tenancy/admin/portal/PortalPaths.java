package dev.tenancy.admin.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL path pieces of the portal. */
final class PortalPaths {

    private PortalPaths() {}

    /** {@code value} encoded as one path segment (a realm name may hold spaces or other reserved characters). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package dev.tenancy.refresh.session;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CSRF rule of the {@code tenancy-session} endpoints: a state-changing request is served only when
 * <ol>
 *   <li>it carries the header {@value #HEADER}{@code : 1}. A custom header cannot be sent by a form, a link or an
 *       image, and makes every cross-origin {@code fetch} a CORS preflight, which answers only the client's web
 *       origins; and</li>
 *   <li>its {@code Origin} is one of the client's web origins, resolved as Keycloak resolves them ({@code +} = the
 *       origins of the redirect URIs). A wildcard {@code *} counts for nothing here: it would let any site
 *       spend the cookie.</li>
 * </ol>
 * Anything else is refused with 403 before the request is looked at any further.
 */
public final class CrossSiteGuard {

    public static final String HEADER = "X-Tenancy-CSRF";
    public static final String HEADER_VALUE = "1";
    private static final String WILDCARD = "*";

    private final Set<String> allowedOrigins;

    private CrossSiteGuard(Set<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** A guard for a client's resolved web origins ({@code WebOriginsUtils.resolveValidWebOrigins}). */
    public static CrossSiteGuard forOrigins(Collection<String> resolvedWebOrigins) {
        return new CrossSiteGuard(
                resolvedWebOrigins == null
                        ? Set.of()
                        : resolvedWebOrigins.stream()
                                .filter(o -> o != null && !o.isBlank() && !WILDCARD.equals(o))
                                .map(CrossSiteGuard::normalize)
                                .collect(Collectors.toUnmodifiableSet()));
    }

    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Whether CORS may answer this origin (credentials included). */
    public boolean allows(String origin) {
        return origin != null && allowedOrigins.contains(normalize(origin));
    }

    /**
     * Why a state-changing request is refused, or null when it passes.
     *
     * @param origin      the request's {@code Origin} header (null when absent)
     * @param headerValue the request's {@value #HEADER} header (null when absent)
     */
    public String refusal(String origin, String headerValue) {
        if (origin == null || origin.isBlank()) {
            return "Refused: the request has no Origin header (cookie-mode requests must come from the client's web origins)";
        }
        if (!allows(origin)) {
            return "Refused: origin " + printable(origin) + " is not a web origin of this client";
        }
        if (!HEADER_VALUE.equals(headerValue)) {
            return "Refused: header " + HEADER + ": " + HEADER_VALUE + " is required";
        }
        return null;
    }

    /** Origins compare case-insensitively in scheme and host; a trailing slash is not part of an origin. */
    static String normalize(String origin) {
        String trimmed = origin.trim();
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.toLowerCase(java.util.Locale.ROOT);
    }

    private static String printable(String origin) {
        String cut = origin.length() > 100 ? origin.substring(0, 100) + "..." : origin;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}

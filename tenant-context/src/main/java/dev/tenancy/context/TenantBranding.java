package dev.tenancy.context;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's branding: organization attributes {@code tenancy.branding.<key>}, written by the tenant API
 * ({@code PUT /tenants/{alias}}, validated there) or by a realm admin in the console (validated on write by
 * {@link TenantAttributeRules}), and shown on the login pages by the {@code tenancy} login theme. Because a value may
 * have been stored before that check existed, every value is validated AGAIN when it is read for rendering: an
 * invalid value is not shown at all, never "repaired".
 *
 * <table>
 *   <caption>The documented keys</caption>
 *   <tr><th>Key (after {@code tenancy.branding.})</th><th>Accepted values</th></tr>
 *   <tr><td>{@value #DISPLAY_NAME}</td><td>text, 1..{@value #MAX_DISPLAY_NAME_LENGTH} characters, no control characters</td></tr>
 *   <tr><td>{@value #LOGO_URL}</td><td>an absolute {@code https://} URL with a host, at most {@value #MAX_URL_LENGTH}
 *       characters, no white space, quotes or angle brackets</td></tr>
 *   <tr><td>{@value #PRIMARY_COLOR}</td><td>{@code #rrggbb} (six hex digits)</td></tr>
 * </table>
 *
 * <p>Keys follow the pack's attribute style (lower case, dashes: {@code tenancy.last-tenant}) and the key syntax of
 * the tenant API ({@code [a-z0-9][a-z0-9.-]*}). Other keys may be stored (an app may keep its own branding there);
 * they are not validated beyond the API's generic text rules and not rendered by the theme.</p>
 */
public final class TenantBranding {

    /** Prefix of every branding attribute of an organization. */
    public static final String ATTRIBUTE_PREFIX = TenancyConventions.ATTRIBUTE_PREFIX + "branding.";

    public static final String DISPLAY_NAME = "display-name";
    public static final String LOGO_URL = "logo-url";
    public static final String PRIMARY_COLOR = "primary-color";

    /** The keys the login theme renders, in the order they are documented. */
    public static final List<String> KEYS = List.of(DISPLAY_NAME, LOGO_URL, PRIMARY_COLOR);

    public static final int MAX_DISPLAY_NAME_LENGTH = 255;
    public static final int MAX_URL_LENGTH = 1024;

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern URL_FORBIDDEN = Pattern.compile("[\\s\"'<>\\\\`]");

    /** The validated branding of one tenant; absent or invalid values are null. */
    public record Values(String displayName, String logoUrl, String primaryColor) {

        public static final Values NONE = new Values(null, null, null);

        public boolean isEmpty() {
            return displayName == null && logoUrl == null && primaryColor == null;
        }
    }

    private TenantBranding() {}

    /** The full attribute name of a branding key: {@code tenancy.branding.<key>}. */
    public static String attribute(String key) {
        return ATTRIBUTE_PREFIX + key;
    }

    /**
     * Why {@code value} is not acceptable for the documented {@code key}, or empty when it is (or when the key is not
     * one of the documented ones: those are the caller's business). The reason is a phrase to follow the field name:
     * {@code "must be an https URL"}.
     */
    public static Optional<String> problem(String key, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (key) {
            case DISPLAY_NAME ->
                isDisplayName(value)
                        ? Optional.empty()
                        : Optional.of(
                                "must be 1 to " + MAX_DISPLAY_NAME_LENGTH + " characters without control characters");
            case LOGO_URL ->
                isHttpsUrl(value)
                        ? Optional.empty()
                        : Optional.of("must be an absolute https:// URL of at most " + MAX_URL_LENGTH
                                + " characters without spaces, quotes or angle brackets");
            case PRIMARY_COLOR -> isColor(value) ? Optional.empty() : Optional.of("must be a colour #rrggbb");
            default -> Optional.empty();
        };
    }

    public static boolean isDisplayName(String value) {
        return value != null
                && !value.isBlank()
                && value.length() <= MAX_DISPLAY_NAME_LENGTH
                && value.chars().noneMatch(Character::isISOControl);
    }

    /** An absolute {@code https} URL with a host, bounded, with nothing that could leave an HTML attribute. */
    public static boolean isHttpsUrl(String value) {
        if (value == null
                || value.length() > MAX_URL_LENGTH
                || URL_FORBIDDEN.matcher(value).find()
                || value.chars().anyMatch(c -> Character.isISOControl(c))
                || !value.toLowerCase(Locale.ROOT).startsWith("https://")) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return "https".equalsIgnoreCase(uri.getScheme())
                    && uri.getHost() != null
                    && !uri.getHost().isEmpty()
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public static boolean isColor(String value) {
        return value != null && COLOR.matcher(value).matches();
    }

    /** The validated branding among an organization's attributes ({@code OrganizationModel#getAttributes()}). */
    public static Values of(Map<String, List<String>> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Values.NONE;
        }
        String displayName = first(attributes, DISPLAY_NAME);
        String logoUrl = first(attributes, LOGO_URL);
        String color = first(attributes, PRIMARY_COLOR);
        return new Values(
                isDisplayName(displayName) ? displayName.trim() : null,
                isHttpsUrl(logoUrl) ? logoUrl : null,
                isColor(color) ? color.toLowerCase(Locale.ROOT) : null);
    }

    private static String first(Map<String, List<String>> attributes, String key) {
        List<String> values = attributes.get(attribute(key));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Black or white, whichever has the higher WCAG contrast with {@code color} ({@link ColorContrast#textOn}); for
     * text on buttons of the tenant's primary colour. White for an invalid value.
     */
    public static String contrastingTextColor(String color) {
        return isColor(color) ? ColorContrast.textOn(color) : ColorContrast.WHITE;
    }
}

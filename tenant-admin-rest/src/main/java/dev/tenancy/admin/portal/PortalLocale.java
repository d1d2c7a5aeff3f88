package dev.tenancy.admin.portal;

import java.util.List;
import java.util.Locale;

/**
 * The language of the portal page: the first of the portal's languages ({@link #SUPPORTED}) named by, in this order,
 * the {@code ui_locales} parameter (OpenID Connect's, space separated), Keycloak's locale selection (the user's
 * choice on Keycloak's pages and the realm's settings, when the realm has internationalisation on), the browser's
 * {@code Accept-Language}; else English.
 */
public final class PortalLocale {

    public static final List<String> SUPPORTED = List.of("en", "de");
    public static final String DEFAULT = "en";

    private PortalLocale() {}

    public static String choose(String uiLocales, Locale keycloakChoice, List<Locale> acceptLanguages) {
        if (uiLocales != null) {
            for (String tag : uiLocales.trim().split("\\s+")) {
                String language = supported(Locale.forLanguageTag(tag));
                if (language != null) {
                    return language;
                }
            }
        }
        String chosen = supported(keycloakChoice);
        if (chosen != null) {
            return chosen;
        }
        for (Locale locale : acceptLanguages == null ? List.<Locale>of() : acceptLanguages) {
            String language = supported(locale);
            if (language != null) {
                return language;
            }
        }
        return DEFAULT;
    }

    private static String supported(Locale locale) {
        if (locale == null) {
            return null;
        }
        String language = locale.getLanguage().toLowerCase(Locale.ROOT);
        return SUPPORTED.contains(language) ? language : null;
    }
}

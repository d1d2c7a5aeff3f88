package dev.tenancy.admin.resource;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The invitation page when the realm's login theme cannot render {@code tenancy-invitation.ftl} (the themes module is
 * not deployed): one escaped message in the request's language, from this module's own bundles
 * ({@code InvitationFallbackMessages_en|_de.properties}, keys {@code tenancyInvitationFallback*}: without the themes
 * module, their bundles are missing too), rather than an empty 500.
 */
final class InvitationFallbackPage {

    static final String BUNDLE = "dev.tenancy.admin.resource.InvitationFallbackMessages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private InvitationFallbackPage() {}

    /** The whole HTML document; {@code tenantName} may be null (an unknown link). */
    static String html(InvitationPageState state, String tenantName, Locale locale) {
        ResourceBundle messages = bundle(locale);
        return "<!DOCTYPE html><html lang=\"" + messages.getLocale().getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<title>" + escape(messages.getString("tenancyInvitationFallbackTitle")) + "</title></head><body>"
                + "<p id=\"tenancy-invitation-message\">" + escape(text(messages, state, tenantName)) + "</p>"
                + "</body></html>";
    }

    /** The message key of a state; states with the tenant's name have a variant without it ({@code ...Unnamed}). */
    static String key(InvitationPageState state, boolean named) {
        String key =
                switch (state) {
                    case PENDING -> "tenancyInvitationFallbackPending";
                    case JOINED -> "tenancyInvitationFallbackJoined";
                    case DECLINED_NOW -> "tenancyInvitationFallbackDeclinedNow";
                    case ACCEPTED -> "tenancyInvitationFallbackAccepted";
                    case DECLINED -> "tenancyInvitationFallbackDeclined";
                    case EXPIRED -> "tenancyInvitationFallbackExpired";
                    case REVOKED -> "tenancyInvitationFallbackRevoked";
                    case WRONG_ACCOUNT -> "tenancyInvitationFallbackWrongAccount";
                    case EMAIL_NOT_VERIFIED -> "tenancyInvitationFallbackEmailNotVerified";
                    default -> "tenancyInvitationFallbackUnusable";
                };
        boolean namesTheTenant = state == InvitationPageState.PENDING
                || state == InvitationPageState.JOINED
                || state == InvitationPageState.DECLINED_NOW;
        return namesTheTenant && !named ? key + "Unnamed" : key;
    }

    private static String text(ResourceBundle messages, InvitationPageState state, String tenantName) {
        String pattern = messages.getString(key(state, tenantName != null));
        return tenantName == null
                ? pattern
                : new MessageFormat(pattern, messages.getLocale()).format(new Object[] {tenantName});
    }

    /** The request's language if we have it, else English. */
    static ResourceBundle bundle(Locale locale) {
        try {
            return ResourceBundle.getBundle(
                    BUNDLE,
                    locale == null ? Locale.ENGLISH : locale,
                    InvitationFallbackPage.class.getClassLoader(),
                    NO_FALLBACK);
        } catch (MissingResourceException e) {
            return ResourceBundle.getBundle(
                    BUNDLE, Locale.ENGLISH, InvitationFallbackPage.class.getClassLoader(), NO_FALLBACK);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

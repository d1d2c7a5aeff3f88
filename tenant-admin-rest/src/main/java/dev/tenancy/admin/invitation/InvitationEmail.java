package dev.tenancy.admin.invitation;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * The invitation e-mail. With the themes module deployed, it is the {@code tenancy-invitation.ftl} e-mail (HTML and
 * plain text, in the invitee's language: the user's locale when the invitee is a user already, else the realm's
 * default): it names the tenant and the inviter, the roles, the link and the expiry. The templates come from the
 * realm's e-mail theme when it has them (the {@code tenancy} e-mail theme, or one extending it) and otherwise from
 * the themes module's theme resources, so every e-mail theme can send it. Without the themes module, Keycloak's own
 * organization invitation e-mail is sent instead.
 */
public final class InvitationEmail {

    /** Template name, under {@code html/} and {@code text/} of an e-mail theme. */
    public static final String TEMPLATE = "tenancy-invitation.ftl";
    /** Subject message key; arguments: tenant name, inviter name. */
    public static final String SUBJECT = "tenancyInvitationSubject";

    private InvitationEmail() {}

    /**
     * Sends the invitation to {@code recipient} (a user, or a lightweight stand-in holding only the e-mail).
     *
     * @param inviter who invites now (the caller of create or resend)
     */
    public static void send(
            KeycloakSession session,
            RealmModel realm,
            OrganizationModel tenant,
            InvitationEntity invitation,
            UserModel recipient,
            UserModel inviter,
            String link)
            throws EmailException {
        EmailTemplateProvider email =
                session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(recipient);
        if (!themeHasTemplate(session)) {
            long minutes = TimeUnit.SECONDS.toMinutes(Math.max(60, invitation.getExpiresAt() - Time.currentTime()));
            email.sendOrgInviteEmail(tenant, link, minutes);
            return;
        }
        // the invitee's language: their own when they are a user, else the realm's default (never the inviter's
        // browser language, which is what the Accept-Language header of this API call says)
        Locale locale = session.getContext().resolveLocale(recipient, true);
        InvitationDetails details = InvitationDetails.of(session, tenant, invitation, inviter, locale);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        attributes.put("invitation", details);
        attributes.put("link", link);
        String inviterName = details.getInviterName() == null ? details.getTenantName() : details.getInviterName();
        email.send(SUBJECT, List.of(oneLine(details.getTenantName()), oneLine(inviterName)), TEMPLATE, attributes);
    }

    private static boolean themeHasTemplate(KeycloakSession session) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.EMAIL);
            return theme.getTemplate("html/" + TEMPLATE) != null && theme.getTemplate("text/" + TEMPLATE) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** A subject is one header line. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").trim();
    }
}

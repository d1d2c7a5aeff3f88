package dev.tenancy.admin.invitation;

import dev.tenancy.context.BrandPalette;
import dev.tenancy.context.TenantBranding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What the invitee is shown about an invitation, on the invitation page and in the e-mail: the tenant (its branding
 * display name when valid, else its name), who invited, the roles offered, and when it expires. A JavaBean because
 * Keycloak's FreeMarker (2.3.32) reads getters, not record accessors. All values are plain text: the templates
 * escape them.
 */
public final class InvitationDetails {

    private final String tenantName;
    private final String tenantAlias;
    private final String inviterName;
    private final String inviterEmail;
    private final List<String> roles;
    private final String email;
    private final long expiresAt;
    private final String expiresAtText;
    private final String logoUrl;
    private final String primaryColor;

    private InvitationDetails(
            String tenantName,
            String tenantAlias,
            String inviterName,
            String inviterEmail,
            List<String> roles,
            String email,
            long expiresAt,
            String expiresAtText,
            TenantBranding.Values branding) {
        this.tenantName = tenantName;
        this.tenantAlias = tenantAlias;
        this.inviterName = inviterName;
        this.inviterEmail = inviterEmail;
        this.roles = roles;
        this.email = email;
        this.expiresAt = expiresAt;
        this.expiresAtText = expiresAtText;
        this.logoUrl = branding.logoUrl();
        this.primaryColor = branding.primaryColor();
    }

    /**
     * @param inviter who invited (or resent); null when unknown (the user was deleted since)
     * @param locale  the language of the page or e-mail, for the expiry date
     */
    public static InvitationDetails of(
            KeycloakSession session,
            OrganizationModel tenant,
            InvitationEntity invitation,
            UserModel inviter,
            Locale locale) {
        RealmModel realm = session.getContext().getRealm();
        List<String> roles = Invitations.groupIdsOf(invitation).stream()
                .map(id -> session.groups().getGroupById(realm, id))
                .filter(Objects::nonNull)
                .map(GroupModel::getName)
                .toList();
        return new InvitationDetails(
                displayNameOf(tenant),
                tenant.getAlias(),
                inviter == null ? null : nameOf(inviter),
                inviter == null ? null : inviter.getEmail(),
                roles,
                invitation.getEmail(),
                invitation.getExpiresAt(),
                formatExpiry(invitation.getExpiresAt(), locale),
                TenantBranding.of(tenant.getAttributes()));
    }

    /**
     * The tenant's branding display name when it is valid, else the organization's name. (Not called
     * {@code tenantName}: FreeMarker would take this static method for the {@code tenantName} property.)
     */
    public static String displayNameOf(OrganizationModel tenant) {
        String displayName = TenantBranding.of(tenant.getAttributes()).displayName();
        return displayName != null ? displayName : tenant.getName();
    }

    /** "First Last" when the user has a name, else the username. */
    public static String nameOf(UserModel user) {
        String full = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                        + (user.getLastName() == null ? "" : user.getLastName()))
                .trim();
        return full.isEmpty() ? user.getUsername() : full;
    }

    /** The expiry in the reader's language, in UTC (the zone is part of the text). */
    public static String formatExpiry(long epochSeconds, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                        .withLocale(locale == null ? Locale.ENGLISH : locale)
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.ofEpochSecond(epochSeconds))
                + " UTC";
    }

    public String getTenantName() {
        return tenantName;
    }

    public String getTenantAlias() {
        return tenantAlias;
    }

    public String getInviterName() {
        return inviterName;
    }

    public String getInviterEmail() {
        return inviterEmail;
    }

    public List<String> getRoles() {
        return roles;
    }

    public String getEmail() {
        return email;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public String getExpiresAtText() {
        return expiresAtText;
    }

    /** The tenant's logo, https only, or null. */
    public String getLogoUrl() {
        return logoUrl;
    }

    /** The tenant's primary colour, {@code #rrggbb}, or null. */
    public String getPrimaryColor() {
        return primaryColor;
    }

    /** Black or white, for text on the primary colour. */
    public String getPrimaryTextColor() {
        return primaryColor == null ? null : TenantBranding.contrastingTextColor(primaryColor);
    }

    /** The primary colour, or a darker shade of it, at 4.5:1 on white: for text in the tenant's colour. */
    public String getAccentColor() {
        BrandPalette palette = BrandPalette.of(primaryColor);
        return palette == null ? null : palette.accent();
    }
}

package dev.tenancy.admin.resource;

import dev.tenancy.admin.invitation.InvitationDetails;
import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.InvitationUrls;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Renders the invitation page {@value #TEMPLATE} with the realm's login theme (the themes module provides it to every
 * login theme), or {@link InvitationFallbackPage} when no theme has it. Only what is safe to show to whoever holds the
 * link: the tenant's names, the inviter, roles and expiry of a usable invitation; for unusable ones the tenant's name
 * only.
 */
final class InvitationPages {

    /** The invitation page, in the login theme. */
    static final String TEMPLATE = "tenancy-invitation.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;

    InvitationPages(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The page for {@code state}. The tenant is put into the request context, so that the {@code tenancy} theme shows
     * its branding.
     *
     * @param csrf null, or the anti-forgery token of the page's form (PENDING: Accept and Decline;
     *             EMAIL_NOT_VERIFIED: verify)
     */
    Response page(
            InvitationPageState state, InvitationEntity invitation, OrganizationModel tenant, String key, String csrf) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class);
        InvitationPageModel bean =
                new InvitationPageModel(state.name(), null, null, respondUrl(), linkUrl(key), csrf, key);
        Locale locale = session.getContext().resolveLocale(null);
        if (invitation != null && tenant != null) {
            UserModel inviter = invitation.getCreatedBy() == null
                    ? null
                    : session.users().getUserById(realm, invitation.getCreatedBy());
            InvitationDetails details = InvitationDetails.of(session, tenant, invitation, inviter, locale);
            bean = new InvitationPageModel(
                    state.name(),
                    details,
                    InvitationDetails.displayNameOf(tenant),
                    respondUrl(),
                    linkUrl(key),
                    csrf,
                    key);
            if (tenant.isEnabled()) {
                session.getContext().setOrganization(tenant);
            }
        }
        form.setAttribute("tenancyInvitation", bean);
        form.setStatus(state.status);
        Response response = form.createForm(TEMPLATE);
        if (response.getStatus() >= 500) {
            // the themes module is missing (no template)
            return Response.status(state.status)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                    .entity(InvitationFallbackPage.html(state, bean.getTenantName(), locale))
                    .build();
        }
        return response;
    }

    private String respondUrl() {
        return InvitationUrls.absolute(baseUri(), InvitationUrls.invitationsPath(realm.getName()) + "/respond");
    }

    /** The link with {@code key} as sent (encoded, never a URI template: see {@link InvitationUrls}). */
    private String linkUrl(String key) {
        return key == null ? null : InvitationUrls.link(baseUri(), realm.getName(), key);
    }

    private URI baseUri() {
        return session.getContext().getUri().getBaseUri();
    }
}

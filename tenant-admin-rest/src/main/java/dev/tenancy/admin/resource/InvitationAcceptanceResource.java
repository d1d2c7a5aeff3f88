package dev.tenancy.admin.resource;

import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.InvitationSignIn;
import dev.tenancy.admin.invitation.Invitations;
import dev.tenancy.admin.representation.AcceptedRepresentation;
import dev.tenancy.admin.representation.InvitationAcceptRepresentation;
import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * {@code /realms/{realm}/tenants/invitations}: where an invitation link leads. Request and response work only: the
 * page is {@link InvitationPages}, its cookies {@link InvitationCookies}, the sign-in it starts
 * {@link InvitationLoginRedirect}, the acceptance itself {@link InvitationAcceptance}.
 *
 * <p><b>Browser.</b> {@code GET accept?key=...} (the link) shows the invitation page: the tenant, who invited, the
 * roles offered, the expiry, and the buttons Accept and Decline, which post to {@code respond}. <em>Decline</em>
 * marks the invitation {@code DECLINED} (no sign-in needed: the link is the invitee's). <em>Accept</em> always goes
 * through Keycloak's login ({@link InvitationLoginRedirect}). Keycloak redirects to the one exact redirect URI
 * {@code GET callback}, which redeems the code with this browser's PKCE verifier ({@link InvitationSignIn}) and so
 * learns who signed in through THIS request; the user then joins and lands on the tenant's redirect URL or a
 * confirmation page. Unknown, expired, revoked, declined or used links show the same page with a clear message
 * (400), a sign-in as another e-mail or with an unverified e-mail a 403 page: never a stack trace.</p>
 *
 * <p><b>Verified e-mail.</b> Only an account whose e-mail equals the invited address (case-insensitive) AND is
 * verified joins. One exception, in the browser only: an account CREATED during the sign-in this browser started
 * from the link (after Accept was pressed, and after the invitation was made), with exactly the invited address, is
 * marked verified and joins: the link's secret was delivered to that mailbox, which is what Keycloak's own e-mail
 * verification proves too. An account that existed before (e.g. one registered by someone else with the invitee's
 * address) gets the page {@code EMAIL_NOT_VERIFIED}, whose button runs Keycloak's {@code VERIFY_EMAIL} required action
 * ({@code kc_action}) and comes back here; it joins only after the e-mail sent to the address was followed.</p>
 *
 * <p>The choice is protected against cross-site requests with a double-submit cookie; the sign-in it starts is bound
 * to this browser by a second cookie ({@link InvitationCookies}).</p>
 *
 * <p><b>API</b> ({@code POST accept} with the invitee's bearer token and {@code {"key": "..."}}): the same acceptance
 * for apps that sign the user in themselves; the token's user must have the invited, verified e-mail.</p>
 */
public class InvitationAcceptanceResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Invitations invitations;
    private final InvitationCookies cookies;
    private final InvitationPages pages;

    InvitationAcceptanceResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.invitations = new Invitations(session);
        this.cookies = new InvitationCookies(session, realm);
        this.pages = new InvitationPages(session, realm);
    }

    /** The tenant an invitation is for (null without an invitation, or when the tenant was deleted). */
    private OrganizationModel tenantOf(InvitationEntity invitation) {
        return invitation == null ? null : Organizations.getProvider(session).getById(invitation.getOrganizationId());
    }

    /** The invitation link (browser): the invitation page. */
    @GET
    @Path("accept")
    @NoCache
    @Produces(MediaType.TEXT_HTML)
    public Response link(@QueryParam("key") String key) {
        InvitationEntity invitation = invitations.findByKey(realm, key).orElse(null);
        OrganizationModel tenant = tenantOf(invitation);
        InvitationPageState unusable = unusable(invitation, tenant);
        if (unusable != null) {
            return pages.page(unusable, invitation, tenant, key, null);
        }
        return landing(InvitationPageState.PENDING, invitation, tenant, key);
    }

    /**
     * The client's one redirect URI: back from the sign-in that Accept (or "verify my e-mail") started in this
     * browser. The pending sign-in comes from the cookie; {@code state} must match it and the code must redeem with
     * its PKCE verifier.
     */
    @GET
    @Path("callback")
    @NoCache
    @Produces(MediaType.TEXT_HTML)
    public Response callback(
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String loginError) {
        PendingSignIn pending = cookies.pendingSignIn();
        if (pending == null || !InvitationCookies.sameSecret(pending.state(), state)) {
            return pages.page(InvitationPageState.PAGE_EXPIRED, null, null, null, null);
        }
        String key = pending.key();
        InvitationEntity invitation = invitations.findByKey(realm, key).orElse(null);
        OrganizationModel tenant = tenantOf(invitation);
        InvitationPageState unusable = unusable(invitation, tenant);
        if (unusable != null) {
            return InvitationCookies.with(pages.page(unusable, invitation, tenant, key, null), cookies.clearSignIn());
        }
        UserModel user = loginError != null
                ? null
                : new InvitationSignIn(session).redeem(code, pending.verifier()).orElse(null);
        if (user == null) {
            return pages.page(InvitationPageState.SIGN_IN_NOT_COMPLETED, invitation, tenant, key, null);
        }
        if (!InvitationAcceptance.invitedAddress(invitation, user)) {
            return pages.page(InvitationPageState.WRONG_ACCOUNT, invitation, tenant, key, null);
        }
        // an account registered in the sign-in this link started: the link's secret reached the mailbox
        boolean linkProvesMailbox = !user.isEmailVerified() && createdThroughThisSignIn(user, invitation, pending);
        if (!user.isEmailVerified() && !linkProvesMailbox) {
            return landing(InvitationPageState.EMAIL_NOT_VERIFIED, invitation, tenant, key);
        }
        new InvitationAcceptance(session).withKey(invitation, key, user, eventAs(user), linkProvesMailbox);
        NewCookie clear = cookies.clearSignIn();
        String redirect = tenant.getRedirectUrl();
        if (redirect != null && !redirect.isBlank()) {
            return Response.status(Response.Status.FOUND)
                    .location(URI.create(redirect))
                    .cookie(clear)
                    .build();
        }
        return InvitationCookies.with(pages.page(InvitationPageState.JOINED, invitation, tenant, key, null), clear);
    }

    /** The buttons of the invitation page: {@code decision=accept} or {@code decline}. */
    @POST
    @Path("respond")
    @NoCache
    @Produces(MediaType.TEXT_HTML)
    public Response respond(
            @FormParam("key") String key, @FormParam("decision") String decision, @FormParam("csrf") String csrf) {
        InvitationEntity invitation = invitations.findByKey(realm, key).orElse(null);
        OrganizationModel tenant = tenantOf(invitation);
        InvitationPageState unusable = unusable(invitation, tenant);
        if (unusable != null) {
            return pages.page(unusable, invitation, tenant, key, null);
        }
        if (!cookies.csrfMatches(csrf)) {
            return pages.page(InvitationPageState.PAGE_EXPIRED, invitation, tenant, key, null);
        }
        InvitationLoginRedirect login = new InvitationLoginRedirect(session, realm, cookies);
        if ("decline".equals(decision)) {
            if (!invitations.decline(invitation, key)) {
                return pages.page(stateOf(invitation), invitation, tenant, key, null);
            }
            return pages.page(InvitationPageState.DECLINED_NOW, invitation, tenant, key, null);
        }
        if ("accept".equals(decision)) {
            return login.to(invitation, key, null);
        }
        if ("verify".equals(decision)) {
            return login.to(invitation, key, InvitationLoginRedirect.VERIFY_EMAIL_ACTION);
        }
        return landing(InvitationPageState.PENDING, invitation, tenant, key);
    }

    /** The API twin of the link: accepts for the bearer token's user. */
    @POST
    @Path("accept")
    @Produces(MediaType.APPLICATION_JSON)
    public AcceptedRepresentation accept(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        TenantCaller caller = TenantCaller.authenticate(session);
        InvitationAcceptRepresentation rep = Input.json(contentType, body, InvitationAcceptRepresentation.class);
        if (rep.key() == null || rep.key().isBlank()) {
            throw Input.invalid("key", "is required");
        }
        InvitationEntity invitation = invitations
                .findByKey(realm, rep.key())
                .orElseThrow(
                        () -> OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "Invitation not found"));
        return new InvitationAcceptance(session)
                .withKey(invitation, rep.key(), caller.user(), caller.adminEvent(), false);
    }

    /**
     * True when the account was created during the sign-in this browser started (after Accept was pressed) and after
     * the invitation was made. The second bound is the server's own record, so even a forged cookie cannot make an
     * account that existed before the invitation count as registered through its link.
     */
    private static boolean createdThroughThisSignIn(
            UserModel user, InvitationEntity invitation, PendingSignIn pending) {
        Long created = user.getCreatedTimestamp();
        return created != null && created >= pending.startedAtMillis() && created >= invitation.getCreatedAt() * 1000L;
    }

    /** An admin event acted by the invitee through the invitations client (the invitee is no admin of anything). */
    private AdminEventBuilder eventAs(UserModel user) {
        ClientModel actingClient = realm.getClientByClientId(TenancyClients.INVITATIONS_CLIENT_ID);
        return new AdminEventBuilder(
                realm,
                new AdminAuth(realm, null, user, actingClient),
                session,
                session.getContext().getConnection());
    }

    /** Why the link cannot be used now, or null when it can. */
    private static InvitationPageState unusable(InvitationEntity invitation, OrganizationModel tenant) {
        if (invitation == null) {
            return InvitationPageState.UNKNOWN;
        }
        InvitationPageState state = stateOf(invitation);
        if (state != InvitationPageState.PENDING) {
            return state;
        }
        return tenant == null || !tenant.isEnabled() ? InvitationPageState.TENANT_UNAVAILABLE : null;
    }

    private static InvitationPageState stateOf(InvitationEntity invitation) {
        return switch (Invitations.statusOf(invitation)) {
            case PENDING -> InvitationPageState.PENDING;
            case ACCEPTED -> InvitationPageState.ACCEPTED;
            case EXPIRED -> InvitationPageState.EXPIRED;
            case REVOKED -> InvitationPageState.REVOKED;
            case DECLINED -> InvitationPageState.DECLINED;
        };
    }

    /** A page with a form and a fresh anti-forgery token (cookie and hidden field). */
    private Response landing(
            InvitationPageState state, InvitationEntity invitation, OrganizationModel tenant, String key) {
        String csrf = InvitationCookies.newCsrfToken();
        return InvitationCookies.with(pages.page(state, invitation, tenant, key, csrf), cookies.csrf(csrf));
    }
}

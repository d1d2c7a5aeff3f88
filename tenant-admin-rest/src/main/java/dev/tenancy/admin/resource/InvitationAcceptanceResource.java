package dev.tenancy.admin.resource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.invitation.InvitationDetails;
import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.InvitationSignIn;
import dev.tenancy.admin.invitation.InvitationUrls;
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
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * {@code /realms/{realm}/tenants/invitations}: where an invitation link leads.
 *
 * <p><b>Browser.</b> {@code GET accept?key=...} (the link) shows the invitation page, rendered with the realm's login
 * theme ({@value #TEMPLATE}): the tenant, who invited, the roles offered, the expiry, and the buttons Accept and
 * Decline, which post to {@code respond}. <em>Decline</em> marks the invitation {@code DECLINED} (no sign-in needed:
 * the link is the invitee's). <em>Accept</em> always goes through Keycloak's login (client
 * {@value TenancyClients#INVITATIONS_CLIENT_ID}, PKCE S256, {@code login_hint} = the invited e-mail;
 * {@code prompt=create}, the registration page, when no user has that e-mail and the realm allows registration; an
 * existing SSO session of the invitee signs in without a prompt). Keycloak redirects to the one exact redirect URI
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
 * <p>The choice is protected against cross-site requests with a double-submit cookie ({@value #CSRF_COOKIE}, also
 * a hidden field of the form); the sign-in it starts is bound to this browser by the cookie {@value #SIGN_IN_COOKIE}
 * (link key, {@code state}, PKCE verifier, start time). Both cookies are HttpOnly, scoped to this path and
 * {@code SameSite=Lax}.</p>
 *
 * <p><b>API</b> ({@code POST accept} with the invitee's bearer token and {@code {"key": "..."}}): the same acceptance
 * for apps that sign the user in themselves; the token's user must have the invited, verified e-mail.</p>
 *
 * <p>Acceptance: the invitation must be pending and unexpired; it is claimed with one conditional update
 * ({@link Invitations#claim}) so it works once, on any node; then the user becomes a member and joins the invited
 * organization groups that still exist. Every check comes before the first write.</p>
 */
public class InvitationAcceptanceResource {

    /** The invitation page, in the login theme (the themes module provides it to every login theme). */
    public static final String TEMPLATE = "tenancy-invitation.ftl";
    static final String CSRF_COOKIE = "TENANCY_INVITATION_CSRF";
    static final String SIGN_IN_COOKIE = "TENANCY_INVITATION_ACCEPT";
    /** Keycloak's required action that verifies the e-mail address by a mailed link. */
    private static final String VERIFY_EMAIL_ACTION = "VERIFY_EMAIL";
    private static final int COOKIE_SECONDS = 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the invitation page shows; the template has one message per state. */
    public enum State {
        /** The invitation, with Accept and Decline. */
        PENDING(Response.Status.OK),
        JOINED(Response.Status.OK),
        DECLINED_NOW(Response.Status.OK),
        UNKNOWN(Response.Status.BAD_REQUEST),
        EXPIRED(Response.Status.BAD_REQUEST),
        REVOKED(Response.Status.BAD_REQUEST),
        ACCEPTED(Response.Status.BAD_REQUEST),
        DECLINED(Response.Status.BAD_REQUEST),
        TENANT_UNAVAILABLE(Response.Status.BAD_REQUEST),
        SIGN_IN_NOT_COMPLETED(Response.Status.BAD_REQUEST),
        PAGE_EXPIRED(Response.Status.BAD_REQUEST),
        WRONG_ACCOUNT(Response.Status.FORBIDDEN),
        /** Signed in with the invited address, but it is not verified: the page offers Keycloak's verification. */
        EMAIL_NOT_VERIFIED(Response.Status.FORBIDDEN);

        final Response.Status status;

        State(Response.Status status) {
            this.status = status;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Invitations invitations;

    InvitationAcceptanceResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.invitations = new Invitations(session);
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
        State unusable = unusable(invitation, tenant);
        if (unusable != null) {
            return page(unusable, invitation, tenant, key, null);
        }
        return landing(State.PENDING, invitation, tenant, key);
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
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String loginError) {
        PendingSignIn pending = PendingSignIn.parse(cookie(SIGN_IN_COOKIE)).orElse(null);
        if (pending == null || state == null || !MessageDigest.isEqual(pending.state().getBytes(StandardCharsets.UTF_8),
                state.getBytes(StandardCharsets.UTF_8))) {
            return page(State.PAGE_EXPIRED, null, null, null, null);
        }
        String key = pending.key();
        InvitationEntity invitation = invitations.findByKey(realm, key).orElse(null);
        OrganizationModel tenant = tenantOf(invitation);
        State unusable = unusable(invitation, tenant);
        if (unusable != null) {
            return withCookie(page(unusable, invitation, tenant, key, null), cookie(SIGN_IN_COOKIE, "", 0));
        }
        UserModel user = loginError != null ? null
                : new InvitationSignIn(session).redeem(code, pending.verifier()).orElse(null);
        if (user == null) {
            return page(State.SIGN_IN_NOT_COMPLETED, invitation, tenant, key, null);
        }
        if (!invitedAddress(invitation, user)) {
            return page(State.WRONG_ACCOUNT, invitation, tenant, key, null);
        }
        // an account registered in the sign-in this link started: the link's secret reached the mailbox
        boolean linkProvesMailbox = !user.isEmailVerified() && createdThroughThisSignIn(user, invitation, pending);
        if (!user.isEmailVerified() && !linkProvesMailbox) {
            return landing(State.EMAIL_NOT_VERIFIED, invitation, tenant, key);
        }
        accept(invitation, key, user, eventAs(user), linkProvesMailbox);
        NewCookie clear = cookie(SIGN_IN_COOKIE, "", 0);
        String redirect = tenant.getRedirectUrl();
        if (redirect != null && !redirect.isBlank()) {
            return Response.status(Response.Status.FOUND).location(URI.create(redirect)).cookie(clear).build();
        }
        return withCookie(page(State.JOINED, invitation, tenant, key, null), clear);
    }

    /** The buttons of the invitation page: {@code decision=accept} or {@code decline}. */
    @POST
    @Path("respond")
    @NoCache
    @Produces(MediaType.TEXT_HTML)
    public Response respond(@FormParam("key") String key, @FormParam("decision") String decision,
            @FormParam("csrf") String csrf) {
        InvitationEntity invitation = invitations.findByKey(realm, key).orElse(null);
        OrganizationModel tenant = tenantOf(invitation);
        State unusable = unusable(invitation, tenant);
        if (unusable != null) {
            return page(unusable, invitation, tenant, key, null);
        }
        String expected = cookie(CSRF_COOKIE);
        if (csrf == null || expected == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            return page(State.PAGE_EXPIRED, invitation, tenant, key, null);
        }
        if ("decline".equals(decision)) {
            if (!invitations.decline(invitation, key)) {
                return page(stateOf(invitation), invitation, tenant, key, null);
            }
            return page(State.DECLINED_NOW, invitation, tenant, key, null);
        }
        if ("accept".equals(decision)) {
            return startSignIn(invitation, key, null);
        }
        if ("verify".equals(decision)) {
            return startSignIn(invitation, key, VERIFY_EMAIL_ACTION);
        }
        return landing(State.PENDING, invitation, tenant, key);
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
        InvitationEntity invitation = invitations.findByKey(realm, rep.key()).orElseThrow(() -> OAuthErrors.exception(
                Response.Status.NOT_FOUND, "not_found", "Invitation not found"));
        return accept(invitation, rep.key(), caller.user(), caller.adminEvent(), false);
    }

    /**
     * Sends the browser to Keycloak's login for the invitee, remembering in a cookie what the callback needs. Also
     * re-applies the required settings of the invitations client ({@link TenancyClients#ensureInvitationsClient}),
     * so a client loosened by hand is not used as such (a no-op when nothing differs).
     */
    private Response startSignIn(InvitationEntity invitation, String key, String action) {
        TenancyClients.ensureInvitationsClient(realm);
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        boolean signedInAsSomeoneElse = auth != null && !invitedAddress(invitation, auth.user());
        String prompt = null;
        if (action == null && session.users().getUserByEmail(realm, invitation.getEmail()) == null
                && realm.isRegistrationAllowed()) {
            prompt = "create";
        } else if (signedInAsSomeoneElse) {
            prompt = "login";
        }
        PendingSignIn pending = new PendingSignIn(key, InvitationSignIn.random(), InvitationSignIn.random(),
                Time.currentTimeMillis());
        URI login = new InvitationSignIn(session).authorizationRequest(key, invitation.getEmail(), pending.state(),
                pending.verifier(), prompt, action);
        return Response.status(Response.Status.FOUND).location(login)
                .cookie(cookie(SIGN_IN_COOKIE, pending.value(), COOKIE_SECONDS)).build();
    }

    private static boolean invitedAddress(InvitationEntity invitation, UserModel user) {
        return InvitationAcceptance.invitedAddress(invitation, user);
    }

    /**
     * True when the account was created during the sign-in this browser started (after Accept was pressed) and after
     * the invitation was made. The second bound is the server's own record, so even a forged cookie cannot make an
     * account that existed before the invitation count as registered through its link.
     */
    private static boolean createdThroughThisSignIn(UserModel user, InvitationEntity invitation, PendingSignIn pending) {
        Long created = user.getCreatedTimestamp();
        return created != null && created >= pending.startedAtMillis()
                && created >= invitation.getCreatedAt() * 1000L;
    }

    /** Joins {@code user} to the invitation's tenant after every check ({@link InvitationAcceptance}). */
    private AcceptedRepresentation accept(InvitationEntity invitation, String key, UserModel user,
            AdminEventBuilder event, boolean linkProvesMailbox) {
        return new InvitationAcceptance(session).withKey(invitation, key, user, event, linkProvesMailbox);
    }

    /** Why the link cannot be used now, or null when it can. */
    private static State unusable(InvitationEntity invitation, OrganizationModel tenant) {
        if (invitation == null) {
            return State.UNKNOWN;
        }
        State state = stateOf(invitation);
        if (state != State.PENDING) {
            return state;
        }
        return tenant == null || !tenant.isEnabled() ? State.TENANT_UNAVAILABLE : null;
    }

    private static State stateOf(InvitationEntity invitation) {
        return switch (Invitations.statusOf(invitation)) {
            case PENDING -> State.PENDING;
            case ACCEPTED -> State.ACCEPTED;
            case EXPIRED -> State.EXPIRED;
            case REVOKED -> State.REVOKED;
            case DECLINED -> State.DECLINED;
        };
    }

    /**
     * A page with a form (PENDING: Accept and Decline; EMAIL_NOT_VERIFIED: verify) and a fresh anti-forgery token
     * (cookie and hidden field).
     */
    private Response landing(State state, InvitationEntity invitation, OrganizationModel tenant, String key) {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return withCookie(page(state, invitation, tenant, key, csrf), cookie(CSRF_COOKIE, csrf, COOKIE_SECONDS));
    }

    private static Response withCookie(Response response, NewCookie cookie) {
        return Response.fromResponse(response).cookie(cookie).build();
    }

    /**
     * Renders {@value #TEMPLATE} with the realm's login theme. The tenant is put into the request context, so that
     * the {@code tenancy} theme shows its branding. Only what is safe to show to whoever holds the link: the
     * tenant's names, the inviter, roles and expiry of a usable invitation; for unusable ones the tenant's name only.
     */
    private Response page(State state, InvitationEntity invitation, OrganizationModel tenant, String key, String csrf) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class);
        InvitationPage bean = new InvitationPage(state.name(), null, null, respondUrl(), linkUrl(key), csrf, key);
        if (invitation != null && tenant != null) {
            Locale locale = session.getContext().resolveLocale(null);
            UserModel inviter = invitation.getCreatedBy() == null ? null
                    : session.users().getUserById(realm, invitation.getCreatedBy());
            InvitationDetails details = InvitationDetails.of(session, tenant, invitation, inviter, locale);
            bean = new InvitationPage(state.name(), details, InvitationDetails.displayNameOf(tenant), respondUrl(),
                    linkUrl(key), csrf, key);
            if (tenant.isEnabled()) {
                session.getContext().setOrganization(tenant);
            }
        }
        form.setAttribute("tenancyInvitation", bean);
        form.setStatus(state.status);
        Response response = form.createForm(TEMPLATE);
        if (response.getStatus() >= 500) {
            // the themes module is missing (no template): a plain, still escaped, page rather than an empty 500
            return Response.status(state.status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                    .entity("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Invitation</title></head><body>"
                            + "<p id=\"tenancy-invitation-message\">" + escape(fallbackText(state, bean)) + "</p>"
                            + "</body></html>").build();
        }
        return response;
    }

    private static String fallbackText(State state, InvitationPage page) {
        String tenant = page.getTenantName() == null ? "the tenant" : page.getTenantName();
        return switch (state) {
            case PENDING -> "You are invited to join " + tenant + ". Install the Keycloak Tenancy themes to accept.";
            case JOINED -> "You joined " + tenant + ".";
            case DECLINED_NOW -> "You declined the invitation to join " + tenant + ".";
            case ACCEPTED -> "This invitation has already been accepted.";
            case DECLINED -> "This invitation has been declined.";
            case EXPIRED -> "This invitation has expired.";
            case REVOKED -> "This invitation has been withdrawn.";
            case WRONG_ACCOUNT -> "This invitation is for another e-mail address.";
            case EMAIL_NOT_VERIFIED -> "Verify your e-mail address to accept this invitation.";
            default -> "This invitation link cannot be used.";
        };
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

    private String cookie(String name) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(name);
        return cookie == null || cookie.getValue() == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path(URI.create(InvitationUrls.absolute(baseUri(),
                        InvitationUrls.invitationsPath(realm.getName()))).getRawPath())
                .maxAge(maxAge).httpOnly(true).secure(session.getContext().getUri().getBaseUri().getScheme()
                        .equals("https")).sameSite(NewCookie.SameSite.LAX).build();
    }

    private AdminEventBuilder eventAs(UserModel user) {
        ClientModel actingClient = realm.getClientByClientId(TenancyClients.INVITATIONS_CLIENT_ID);
        return new AdminEventBuilder(realm, new AdminAuth(realm, null, user, actingClient), session,
                session.getContext().getConnection());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The cookie {@value #SIGN_IN_COOKIE}: the link key, the {@code state} and PKCE verifier of the sign-in this
     * browser started, and when (epoch ms). {@code ~} separates the parts: no part contains it (base64url, a key is
     * {@code <uuid>.<base64url>}).
     */
    record PendingSignIn(String key, String state, String verifier, long startedAtMillis) {

        String value() {
            return key + "~" + state + "~" + verifier + "~" + startedAtMillis;
        }

        static Optional<PendingSignIn> parse(String value) {
            if (value == null || value.length() > 512) {
                return Optional.empty();
            }
            String[] parts = value.split("~", -1);
            if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new PendingSignIn(parts[0], parts[1], parts[2], Long.parseLong(parts[3])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * The {@code tenancyInvitation} attribute of {@value #TEMPLATE}: {@code state} (a {@link State} name), the
     * invitation's {@code details} (null for an unknown link), the form's {@code respondUrl}, {@code csrf} and
     * {@code key}, and {@code linkUrl} (the link itself, to start over).
     */
    public static final class InvitationPage {
        private final String state;
        private final InvitationDetails details;
        private final String tenantName;
        private final String respondUrl;
        private final String linkUrl;
        private final String csrf;
        private final String key;

        InvitationPage(String state, InvitationDetails details, String tenantName, String respondUrl, String linkUrl,
                String csrf, String key) {
            this.state = state;
            this.details = details;
            this.tenantName = tenantName;
            this.respondUrl = respondUrl;
            this.linkUrl = linkUrl;
            this.csrf = csrf;
            this.key = key;
        }

        public String getState() {
            return state;
        }

        public InvitationDetails getDetails() {
            return details;
        }

        public String getTenantName() {
            return tenantName;
        }

        public String getRespondUrl() {
            return respondUrl;
        }

        public String getLinkUrl() {
            return linkUrl;
        }

        public String getCsrf() {
            return csrf;
        }

        public String getKey() {
            return key;
        }
    }
}

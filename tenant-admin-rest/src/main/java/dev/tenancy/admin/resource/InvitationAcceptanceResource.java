package dev.tenancy.admin.resource;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.invitation.InvitationDetails;
import dev.tenancy.admin.invitation.InvitationEntity;
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
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.OAuth2Constants;
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
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
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
 * the link is the invitee's). <em>Accept</em>, with a Keycloak SSO session of the invited user (same e-mail), joins at
 * once; otherwise it sends the browser to Keycloak's login (client {@value TenancyClients#INVITATIONS_CLIENT_ID},
 * {@code login_hint} = the invited e-mail; {@code prompt=create}, the registration page, when no user has that
 * e-mail and the realm allows registration), whose redirect comes back to the link with the SSO cookie set, and the
 * user joins and lands on the tenant's redirect URL or a confirmation page. Unknown, expired, revoked, declined or
 * used links show the same page with a clear message (400), a sign-in as another e-mail a 403 page: never a stack
 * trace.</p>
 *
 * <p>The choice is protected against cross-site requests with a double-submit cookie ({@value #CSRF_COOKIE}, also
 * a hidden field of the form); the return from the login joins only in the browser that pressed Accept for this
 * invitation (cookie {@value #ACCEPT_COOKIE}). Both cookies are scoped to this path and {@code SameSite=Lax}.</p>
 *
 * <p><b>API</b> ({@code POST accept} with the invitee's bearer token and {@code {"key": "..."}}): the same acceptance
 * for apps that sign the user in themselves.</p>
 *
 * <p>Acceptance: the user's e-mail must equal the invited one (case-insensitive); the invitation must be pending and
 * unexpired; it is claimed with one conditional update ({@link Invitations#claim}) so it works once, on any node;
 * then the user becomes a member and joins the invited organization groups that still exist.</p>
 */
public class InvitationAcceptanceResource {

    /** The invitation page, in the login theme (the themes module provides it to every login theme). */
    public static final String TEMPLATE = "tenancy-invitation.ftl";
    static final String CSRF_COOKIE = "TENANCY_INVITATION_CSRF";
    static final String ACCEPT_COOKIE = "TENANCY_INVITATION_ACCEPT";
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
        WRONG_ACCOUNT(Response.Status.FORBIDDEN);

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

    /** The invitation link (browser): the invitation page, or, back from the login after Accept, the joining. */
    @GET
    @Path("accept")
    @NoCache
    @Produces(MediaType.TEXT_HTML)
    public Response link(@QueryParam("key") String key, @QueryParam("error") String loginError,
            @QueryParam("code") String code) {
        InvitationEntity invitation = invitations.findByKey(realm, key).orElse(null);
        OrganizationModel tenant = tenantOf(invitation);
        State unusable = unusable(invitation, tenant);
        if (unusable != null) {
            return page(unusable, invitation, tenant, key, null);
        }
        if (loginError != null) {
            return page(State.SIGN_IN_NOT_COMPLETED, invitation, tenant, key, null);
        }
        if (code != null && invitation.getId().equals(cookie(ACCEPT_COOKIE))) {
            // back from the login that the Accept button started in this browser
            return acceptInBrowser(invitation, tenant, key, true);
        }
        return landing(invitation, tenant, key);
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
        if (!"accept".equals(decision)) {
            return landing(invitation, tenant, key);
        }
        return acceptInBrowser(invitation, tenant, key, false);
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
        return accept(invitation, rep.key(), caller.user(), caller.adminEvent());
    }

    private Response acceptInBrowser(InvitationEntity invitation, OrganizationModel tenant, String key,
            boolean backFromLogin) {
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        boolean invitee = auth != null && invitation.getEmail().equalsIgnoreCase(auth.user().getEmail());
        if (!invitee) {
            if (backFromLogin) {
                // back from a login that signed in someone else: do not loop
                return page(State.WRONG_ACCOUNT, invitation, tenant, key, null);
            }
            return Response.status(Response.Status.FOUND).location(loginUri(invitation, key, auth != null))
                    .cookie(cookie(ACCEPT_COOKIE, invitation.getId(), COOKIE_SECONDS)).build();
        }
        AcceptedRepresentation accepted = accept(invitation, key, auth.user(), eventAs(auth.user(), null));
        String redirect = tenant.getRedirectUrl();
        NewCookie clear = cookie(ACCEPT_COOKIE, "", 0);
        if (redirect != null && !redirect.isBlank()) {
            return Response.status(Response.Status.FOUND).location(URI.create(redirect)).cookie(clear).build();
        }
        Response page = page(State.JOINED, invitation, tenant, key, null);
        return Response.fromResponse(page).cookie(clear).build();
    }

    private AcceptedRepresentation accept(InvitationEntity invitation, String key, UserModel user, AdminEventBuilder event) {
        OrganizationProvider organizations = Organizations.getProvider(session);
        OrganizationModel tenant = organizations.getById(invitation.getOrganizationId());
        if (tenant == null || !tenant.isEnabled()) {
            throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict", "The tenant of this invitation is not available");
        }
        if (user.getEmail() == null || !invitation.getEmail().equalsIgnoreCase(user.getEmail())) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, "access_denied",
                    "This invitation is for another e-mail address");
        }
        if (!invitations.claim(invitation, key, user.getId())) {
            throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict",
                    "The invitation is " + Invitations.statusOf(invitation).name().toLowerCase(Locale.ROOT));
        }
        if (!organizations.isMember(tenant, user)) {
            organizations.addMember(tenant, user);
        }
        TenantGroups groups = new TenantGroups(session, tenant);
        List<String> joined = new ArrayList<>();
        for (String groupId : Invitations.groupIdsOf(invitation)) {
            groups.find(groupId).ifPresent(group -> {
                if (!user.isMemberOf(group)) {
                    user.joinGroup(group);
                }
                joined.add(TenantGroups.path(group));
            });
        }
        event.operation(OperationType.CREATE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", tenant.getId(), "members", user.getId())
                .representation(new AcceptedRepresentation(tenant.getId(), tenant.getAlias(), tenant.getName(), joined))
                .detail(TenantResource.DETAIL_TENANT, tenant.getAlias())
                .detail(TenantResource.DETAIL_TENANT_ID, tenant.getId())
                .detail("invitation_id", invitation.getId())
                .detail(UserModel.USERNAME, user.getUsername()).detail(UserModel.EMAIL, user.getEmail()).success();
        return new AcceptedRepresentation(tenant.getId(), tenant.getAlias(), tenant.getName(), joined);
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

    /** The invitation page with Accept and Decline, and a fresh anti-forgery token (cookie and hidden field). */
    private Response landing(InvitationEntity invitation, OrganizationModel tenant, String key) {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Response page = page(State.PENDING, invitation, tenant, key, csrf);
        return Response.fromResponse(page).cookie(cookie(CSRF_COOKIE, csrf, COOKIE_SECONDS)).build();
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
            default -> "This invitation link cannot be used.";
        };
    }

    private String respondUrl() {
        return invitationsPath().path("respond").build().toString();
    }

    /**
     * The link with {@code key} as sent: encoded by hand, because {@code UriBuilder.queryParam} reads braces as a URI
     * template and fails (500) on a key such as {@code {x}}.
     */
    private String linkUrl(String key) {
        return key == null ? null : invitationsPath().path("accept").build().toString() + "?key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private UriBuilder invitationsPath() {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("tenants").path("invitations");
    }

    private String cookie(String name) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(name);
        return cookie == null || cookie.getValue() == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path(invitationsPath().build().getRawPath())
                .maxAge(maxAge).httpOnly(true).secure(session.getContext().getUri().getBaseUri().getScheme()
                        .equals("https")).sameSite(NewCookie.SameSite.LAX).build();
    }

    private URI loginUri(InvitationEntity invitation, String key, boolean signedInAsSomeoneElse) {
        String self = invitationsPath().path("accept").queryParam("key", key).build().toString();
        UriBuilder login = OIDCLoginProtocolService.authUrl(session.getContext().getUri().getBaseUriBuilder())
                .queryParam(OAuth2Constants.CLIENT_ID, TenancyClients.INVITATIONS_CLIENT_ID)
                .queryParam(OAuth2Constants.REDIRECT_URI, self)
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(OAuth2Constants.SCOPE, "openid")
                .queryParam(OAuth2Constants.STATE, invitation.getId())
                .queryParam("login_hint", invitation.getEmail());
        boolean newUser = session.users().getUserByEmail(realm, invitation.getEmail()) == null;
        if (newUser && realm.isRegistrationAllowed()) {
            login.queryParam(OAuth2Constants.PROMPT, "create");
        } else if (signedInAsSomeoneElse) {
            login.queryParam(OAuth2Constants.PROMPT, "login");
        }
        return login.build(realm.getName());
    }

    private AdminEventBuilder eventAs(UserModel user, ClientModel client) {
        ClientModel actingClient = client != null ? client : realm.getClientByClientId(TenancyClients.INVITATIONS_CLIENT_ID);
        return new AdminEventBuilder(realm, new AdminAuth(realm, null, user, actingClient), session,
                session.getContext().getConnection());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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

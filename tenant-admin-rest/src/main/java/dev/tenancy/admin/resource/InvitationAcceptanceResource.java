package dev.tenancy.admin.resource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.Invitations;
import dev.tenancy.admin.representation.AcceptedRepresentation;
import dev.tenancy.admin.representation.InvitationAcceptRepresentation;
import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
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
 * {@code /realms/{realm}/tenants/invitations/accept}: where an invitation link leads.
 *
 * <p><b>Browser</b> ({@code GET ?key=...}, the link itself): with a Keycloak SSO session of the invited user (same
 * e-mail), the invitation is accepted at once; otherwise the browser is sent to Keycloak's login (client
 * {@value TenancyClients#INVITATIONS_CLIENT_ID}, {@code login_hint} = the invited e-mail; {@code prompt=create}, i.e.
 * the registration page, when no user has that e-mail and the realm allows registration) whose redirect comes back
 * here with the SSO cookie set. Then it joins and lands on the tenant's redirect URL or a short confirmation page.</p>
 *
 * <p><b>API</b> ({@code POST} with the invitee's bearer token and {@code {"key": "..."}}): the same acceptance for
 * apps that sign the user in themselves.</p>
 *
 * <p>Acceptance: the user's e-mail must equal the invited one (case-insensitive); the invitation must be pending and
 * unexpired; it is claimed with one conditional update ({@link Invitations#claim}) so it works once, on any node;
 * then the user becomes a member and joins the invited organization groups that still exist.</p>
 */
public class InvitationAcceptanceResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Invitations invitations;

    InvitationAcceptanceResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.invitations = new Invitations(session);
    }

    /** The invitation link (browser). */
    @GET
    @Path("accept")
    @NoCache
    @Produces(MediaType.TEXT_HTML)
    public Response link(@QueryParam("key") String key, @QueryParam("error") String loginError,
            @QueryParam("code") String code) {
        InvitationEntity invitation = invitations.findByKey(realm, key).orElse(null);
        if (invitation == null) {
            return page(Response.Status.BAD_REQUEST, "Invalid invitation", "This invitation link is not valid.");
        }
        Invitations.Status status = Invitations.statusOf(invitation);
        OrganizationModel tenant = Organizations.getProvider(session).getById(invitation.getOrganizationId());
        if (status != Invitations.Status.PENDING || tenant == null || !tenant.isEnabled()) {
            return page(Response.Status.BAD_REQUEST, "Invitation not usable", status == Invitations.Status.PENDING
                    ? "The tenant of this invitation is not available."
                    : "This invitation is " + status.name().toLowerCase(Locale.ROOT) + ".");
        }
        if (loginError != null) {
            return page(Response.Status.BAD_REQUEST, "Sign-in not completed",
                    "The invitation was not accepted because the sign-in did not complete.");
        }
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        boolean invitee = auth != null && invitation.getEmail().equalsIgnoreCase(auth.user().getEmail());
        if (!invitee) {
            if (code != null) {
                // back from a login that signed in someone else: do not loop
                return page(Response.Status.FORBIDDEN, "Wrong account", "This invitation is for another e-mail address."
                        + " Sign in with the invited address to accept it.");
            }
            return Response.status(Response.Status.FOUND).location(loginUri(invitation, key, auth != null)).build();
        }
        AcceptedRepresentation accepted = accept(invitation, key, auth.user(), eventAs(auth.user(), null));
        String redirect = tenant.getRedirectUrl();
        if (redirect != null && !redirect.isBlank()) {
            return Response.status(Response.Status.FOUND).location(URI.create(redirect)).build();
        }
        return page(Response.Status.OK, "Welcome", "You joined " + accepted.name() + ".");
    }

    /** The API twin of the link: accepts for the bearer token's user. */
    @POST
    @Path("accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AcceptedRepresentation accept(String body) {
        TenantCaller caller = TenantCaller.authenticate(session);
        InvitationAcceptRepresentation rep = Input.json(body, InvitationAcceptRepresentation.class);
        if (rep.key() == null || rep.key().isBlank()) {
            throw Input.invalid("key", "is required");
        }
        InvitationEntity invitation = invitations.findByKey(realm, rep.key()).orElseThrow(() -> OAuthErrors.exception(
                Response.Status.NOT_FOUND, "not_found", "Invitation not found"));
        return accept(invitation, rep.key(), caller.user(), caller.adminEvent());
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

    private URI loginUri(InvitationEntity invitation, String key, boolean signedInAsSomeoneElse) {
        String self = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("tenants").path("invitations").path("accept").queryParam("key", key).build().toString();
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

    private static Response page(Response.Status status, String title, String message) {
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head>"
                + "<body><main><h1>" + escape(title) + "</h1><p id=\"tenancy-invitation-message\">" + escape(message)
                + "</p></main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html).build();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package dev.tenancy.admin.resource;

import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.Invitations;
import dev.tenancy.admin.representation.MyInvitationRepresentation;
import dev.tenancy.admin.representation.TenantMembershipRepresentation;
import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * {@code /realms/{realm}/tenants/me/invitations}: the invitations addressed to the caller, for a portal that lists
 * them without the mailed link. Any valid token with the API scope (the caller acts for themselves, in no tenant).
 *
 * <p><b>Only the verified owner of the address.</b> An invitation counts as the caller's only when its e-mail equals
 * the caller's (case-insensitive) AND the caller's e-mail is verified: anyone can register an account with someone
 * else's address, unverified. Otherwise the list is empty and an id is 404, the same answer as for an unknown id or
 * another person's invitation, so nothing is disclosed. Accepting runs the link's acceptance
 * ({@link InvitationAcceptance}) with the address as the proof instead of the link's secret.</p>
 */
public class MyInvitationsResource {

    private final KeycloakSession session;
    private final TenantCaller caller;
    private final Invitations invitations;
    private final OrganizationProvider organizations;

    MyInvitationsResource(KeycloakSession session, TenantCaller caller) {
        this.session = session;
        this.caller = caller;
        this.invitations = new Invitations(session);
        this.organizations = Organizations.getProvider(session);
    }

    /** Pending, unexpired invitations to the caller's verified e-mail, newest first; {@code []} when unverified. */
    @GET
    @Path("")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<MyInvitationRepresentation> list(@QueryParam("first") String first, @QueryParam("max") String max) {
        Input.Page page = Input.page(first, max);
        UserModel user = caller.user();
        if (!verifiedAddress(user)) {
            return List.of();
        }
        RealmModel realm = session.getContext().getRealm();
        List<MyInvitationRepresentation> out = new ArrayList<>();
        for (InvitationEntity invitation : invitations.pendingFor(realm, user.getEmail(), page.first(), page.max())) {
            OrganizationModel tenant = organizations.getById(invitation.getOrganizationId());
            if (tenant == null || !tenant.isEnabled()) {
                continue; // accepting would fail (409): the tenant is gone or suspended
            }
            List<String> roles = Invitations.groupIdsOf(invitation).stream()
                    .map(id -> session.groups().getGroupById(realm, id))
                    .filter(group -> group != null)
                    .map(TenantGroups::path)
                    .toList();
            out.add(new MyInvitationRepresentation(
                    invitation.getId(),
                    new MyInvitationRepresentation.TenantRef(tenant.getAlias(), tenant.getName()),
                    roles,
                    invitation.getExpiresAt() * 1000L));
        }
        return out;
    }

    /**
     * Accepts an invitation addressed to the caller: 200 with the caller's new entry of {@code GET /me} (groups,
     * roles, permissions). 404 when it is not the caller's; 409 when it is no longer pending or the tenant is
     * unavailable.
     */
    @POST
    @Path("{id}/accept")
    @Produces(MediaType.APPLICATION_JSON)
    public TenantMembershipRepresentation accept(@PathParam("id") String id) {
        InvitationEntity invitation = mine(id);
        new InvitationAcceptance(session).asInvitee(invitation, caller.user(), caller.adminEvent());
        OrganizationModel tenant = organizations.getById(invitation.getOrganizationId());
        return TenantsResource.membership(caller, organizations, tenant);
    }

    /** Declines an invitation addressed to the caller: 204; 404 when not the caller's; 409 when not pending. */
    @POST
    @Path("{id}/decline")
    public Response decline(@PathParam("id") String id) {
        InvitationEntity invitation = mine(id);
        if (!invitations.declineAsInvitee(invitation)) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT,
                    "conflict",
                    "The invitation is "
                            + Invitations.statusOf(invitation).name().toLowerCase(Locale.ROOT));
        }
        OrganizationModel tenant = organizations.getById(invitation.getOrganizationId());
        caller.adminEvent()
                .operation(OperationType.DELETE)
                .resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", tenant.getId(), "invitations", invitation.getId())
                .representation(TenantInvitationsResource.toRepresentation(session, tenant, invitation, null, null))
                .detail(TenantResource.DETAIL_TENANT, tenant.getAlias())
                .detail(TenantResource.DETAIL_TENANT_ID, tenant.getId())
                .detail(UserModel.USERNAME, caller.user().getUsername())
                .detail(UserModel.EMAIL, invitation.getEmail())
                .success();
        return Response.noContent().build();
    }

    /** The invitation {@code id} if it is addressed to the caller's verified e-mail, else 404 (whatever the reason). */
    private InvitationEntity mine(String id) {
        UserModel user = caller.user();
        return invitations
                .find(session.getContext().getRealm(), Input.isId(id) ? id : null)
                .filter(invitation -> verifiedAddress(user) && InvitationAcceptance.invitedAddress(invitation, user))
                .filter(invitation -> organizations.getById(invitation.getOrganizationId()) != null)
                .orElseThrow(
                        () -> OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "Invitation not found"));
    }

    private static boolean verifiedAddress(UserModel user) {
        return user.isEmailVerified()
                && user.getEmail() != null
                && !user.getEmail().isBlank();
    }
}

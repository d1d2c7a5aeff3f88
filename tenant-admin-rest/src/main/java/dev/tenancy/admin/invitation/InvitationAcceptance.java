package dev.tenancy.admin.invitation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.representation.AcceptedRepresentation;
import dev.tenancy.admin.resource.TenantGroups;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Accepting an invitation: the one operation behind the invitation page's Accept and the API's {@code POST accept}.
 * Every check comes before the first write: the tenant is enabled, the user's e-mail is the invited one and verified
 * (or proven by the link, see below), and the invitation is claimed with one conditional update
 * ({@link Invitations#claim}) so that it works once, on any node. Then the user becomes a member and joins the invited
 * organization groups that still exist, and an admin event ({@code ORGANIZATION_MEMBERSHIP} {@code CREATE}, detail
 * {@code invitation_id}) records it. A refusal is a 403 or 409 in Keycloak's error format.
 */
public final class InvitationAcceptance {

    /** Detail key of the admin event of an accepted invitation (docs/ARCHITECTURE.md, "Events"). */
    public static final String DETAIL_INVITATION_ID = "invitation_id";

    private InvitationAcceptance() {
    }

    /**
     * Accepts for {@code user}, signed in by the caller, whose verified e-mail must be the invited address: being that
     * mailbox's verified owner is the invitee's consent, so no link key is needed (the invitation is claimed while it
     * is pending and unexpired). The admin event names the user as acting through the client
     * {@value TenancyClients#INVITATIONS_CLIENT_ID}.
     */
    public static AcceptedRepresentation accept(KeycloakSession session, RealmModel realm, UserModel user,
            InvitationEntity invitation) {
        return accept(session, user, invitation, null, eventAs(session, realm, user), false);
    }

    /**
     * Accepts for {@code user} through the link {@code key} (the invitation page and {@code POST accept}): the claim
     * also requires the link's secret to be the current one.
     *
     * @param key               the link key, or null to claim without it (see the other {@code accept})
     * @param event             the admin event of the acceptance, with its actor
     * @param linkProvesMailbox the account was registered through this link, so its unverified address counts (the
     *                          link's secret reached that mailbox), and is marked verified once the claim succeeded
     */
    public static AcceptedRepresentation accept(KeycloakSession session, UserModel user, InvitationEntity invitation,
            String key, AdminEventBuilder event, boolean linkProvesMailbox) {
        OrganizationProvider organizations = Organizations.getProvider(session);
        OrganizationModel tenant = organizations.getById(invitation.getOrganizationId());
        if (tenant == null || !tenant.isEnabled()) {
            throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict",
                    "The tenant of this invitation is not available");
        }
        if (!isInvitedAddress(invitation, user)) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, "access_denied",
                    "This invitation is for another e-mail address");
        }
        if (!user.isEmailVerified() && !linkProvesMailbox) {
            throw OAuthErrors.exception(Response.Status.FORBIDDEN, "access_denied",
                    "Verify your e-mail address before accepting this invitation");
        }
        Invitations invitations = new Invitations(session);
        boolean claimed = key == null ? invitations.claimForInvitee(invitation, user.getId())
                : invitations.claim(invitation, key, user.getId());
        if (!claimed) {
            throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict",
                    "The invitation is " + Invitations.statusOf(invitation).name().toLowerCase(Locale.ROOT));
        }
        if (linkProvesMailbox) {
            user.setEmailVerified(true);
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
        AcceptedRepresentation accepted = new AcceptedRepresentation(tenant.getId(), tenant.getAlias(),
                tenant.getName(), joined);
        event.operation(OperationType.CREATE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", tenant.getId(), "members", user.getId())
                .representation(accepted)
                .detail(TenancyConventions.EventDetails.TENANT, tenant.getAlias())
                .detail(TenancyConventions.EventDetails.TENANT_ID, tenant.getId())
                .detail(DETAIL_INVITATION_ID, invitation.getId())
                .detail(UserModel.USERNAME, user.getUsername()).detail(UserModel.EMAIL, user.getEmail()).success();
        return accepted;
    }

    /** Whether {@code user}'s e-mail is the invited address (case-insensitive); verification is checked apart. */
    public static boolean isInvitedAddress(InvitationEntity invitation, UserModel user) {
        return user.getEmail() != null && invitation.getEmail().equalsIgnoreCase(user.getEmail());
    }

    /** An admin event acted by the invitee through the invitations client (the invitee is no admin of anything). */
    public static AdminEventBuilder eventAs(KeycloakSession session, RealmModel realm, UserModel user) {
        ClientModel actingClient = realm.getClientByClientId(TenancyClients.INVITATIONS_CLIENT_ID);
        return new AdminEventBuilder(realm, new AdminAuth(realm, null, user, actingClient), session,
                session.getContext().getConnection());
    }
}

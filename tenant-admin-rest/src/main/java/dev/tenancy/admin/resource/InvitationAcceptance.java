package dev.tenancy.admin.resource;

import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.Invitations;
import dev.tenancy.admin.representation.AcceptedRepresentation;
import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Accepting an invitation, the one operation behind the link's page and API ({@link InvitationAcceptanceResource})
 * and the caller's own list ({@link MyInvitationsResource}): the tenant must be available, the user's e-mail the
 * invited one (case-insensitive) AND verified, then the invitation is claimed with one conditional update (it works
 * once, on any node), then the user becomes a member and joins the invited organization groups that still exist, and
 * an admin event records it. Every check comes before the first write.
 */
final class InvitationAcceptance {

    private final KeycloakSession session;
    private final Invitations invitations;

    InvitationAcceptance(KeycloakSession session) {
        this.session = session;
        this.invitations = new Invitations(session);
    }

    /**
     * Through the link: the claim needs the link's secret ({@code key}). {@code linkProvesMailbox}: the account was
     * registered through this link, so its unverified address counts, and is marked verified once the claim succeeded.
     */
    AcceptedRepresentation withKey(
            InvitationEntity invitation,
            String key,
            UserModel user,
            AdminEventBuilder event,
            boolean linkProvesMailbox) {
        return accept(
                invitation, user, event, linkProvesMailbox, () -> invitations.claim(invitation, key, user.getId()));
    }

    /** By the invitee's own token ({@code /me/invitations}): the verified, invited address is the proof. */
    AcceptedRepresentation asInvitee(InvitationEntity invitation, UserModel user, AdminEventBuilder event) {
        return accept(invitation, user, event, false, () -> invitations.claimAsInvitee(invitation, user.getId()));
    }

    static boolean invitedAddress(InvitationEntity invitation, UserModel user) {
        return user.getEmail() != null && invitation.getEmail().equalsIgnoreCase(user.getEmail());
    }

    private AcceptedRepresentation accept(
            InvitationEntity invitation,
            UserModel user,
            AdminEventBuilder event,
            boolean linkProvesMailbox,
            BooleanSupplier claim) {
        OrganizationProvider organizations = Organizations.getProvider(session);
        OrganizationModel tenant = organizations.getById(invitation.getOrganizationId());
        if (tenant == null || !tenant.isEnabled()) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT, "conflict", "The tenant of this invitation is not available");
        }
        if (!invitedAddress(invitation, user)) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN, "access_denied", "This invitation is for another e-mail address");
        }
        if (!user.isEmailVerified() && !linkProvesMailbox) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    "Verify your e-mail address before accepting this invitation");
        }
        if (!claim.getAsBoolean()) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT,
                    "conflict",
                    "The invitation is "
                            + Invitations.statusOf(invitation).name().toLowerCase(Locale.ROOT));
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
        event.operation(OperationType.CREATE)
                .resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", tenant.getId(), "members", user.getId())
                .representation(new AcceptedRepresentation(tenant.getId(), tenant.getAlias(), tenant.getName(), joined))
                .detail(TenantResource.DETAIL_TENANT, tenant.getAlias())
                .detail(TenantResource.DETAIL_TENANT_ID, tenant.getId())
                .detail("invitation_id", invitation.getId())
                .detail(UserModel.USERNAME, user.getUsername())
                .detail(UserModel.EMAIL, user.getEmail())
                .success();
        return new AcceptedRepresentation(tenant.getId(), tenant.getAlias(), tenant.getName(), joined);
    }
}

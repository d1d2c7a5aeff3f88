package dev.tenancy.admin.resource;

import dev.tenancy.admin.invitation.InvitationEmail;
import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.InvitationUrls;
import dev.tenancy.admin.invitation.Invitations;
import dev.tenancy.admin.representation.InvitationCreateRepresentation;
import dev.tenancy.admin.representation.InvitationRepresentation;
import dev.tenancy.admin.representation.InvitationResendRepresentation;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenantPermission;
import dev.tenancy.context.policy.TenantPolicy;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.organization.utils.Organizations;

/**
 * {@code /realms/{realm}/tenants/{alias}/invitations} ({@code manage-invitations}): invite an e-mail with roles and a
 * lifetime, list, read, resend (same id, new secret and expiry), revoke. Create and resend answer the invitation
 * LINK (apps may deliver it themselves) and also e-mail it when the realm has SMTP; without SMTP, or when sending
 * fails, they still succeed ({@code emailSent: false}). No user is created before the invitee accepts.
 */
public class TenantInvitationsResource {

    private static final Logger LOG = Logger.getLogger(TenantInvitationsResource.class);

    private final KeycloakSession session;
    private final TenantScope scope;
    private final OrganizationModel tenant;
    private final Invitations invitations;

    TenantInvitationsResource(KeycloakSession session, TenantScope scope) {
        this.session = session;
        this.scope = scope;
        this.tenant = scope.tenant();
        this.invitations = new Invitations(session);
    }

    /**
     * Invites {@code email} with {@code roles} (this tenant's organization groups, by id or path) for
     * {@code expiresInSeconds} (default 7 days, at most 30 days). 201 with the invitation and its {@code link};
     * 409 when the e-mail is a member already or has a pending invitation.
     */
    @POST
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        scope.require(TenantPermission.MANAGE_INVITATIONS);
        InvitationCreateRepresentation rep = Input.json(contentType, body, InvitationCreateRepresentation.class);
        String email = Input.email("email", rep.email());
        if (!TenantPolicy.of(session, tenant).allowsEmail(email)) {
            throw Input.invalid("email", "the tenant's policy does not allow invitations to this email domain");
        }
        long seconds = Input.invitationSeconds(rep.expiresInSeconds());
        List<GroupModel> groups = resolveRoles(rep.roles());
        RealmModel realm = session.getContext().getRealm();
        UserModel existing = session.users().getUserByEmail(realm, email);
        if (existing != null && Organizations.getProvider(session).isMember(tenant, existing)) {
            throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict", "email: already a member of this tenant");
        }
        if (invitations.hasPending(tenant, email)) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT, "conflict", "email: has a pending invitation; resend it");
        }
        Invitations.Created created = invitations.create(
                realm,
                tenant,
                email,
                groups.stream().map(GroupModel::getId).toList(),
                Time.currentTime() + seconds,
                scope.caller().user().getId());
        String link = link(created.key());
        boolean sent = sendEmail(created.invitation(), existing, link);
        InvitationRepresentation result = toRepresentation(created.invitation(), link, sent);
        event(OperationType.CREATE, result, created.invitation());
        return Response.created(session.getContext()
                        .getUri()
                        .getAbsolutePathBuilder()
                        .path(created.invitation().getId())
                        .build())
                .entity(result)
                .build();
    }

    /** One page of invitations, newest first, optionally of one {@code status}. */
    @GET
    @Path("")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public Stream<InvitationRepresentation> list(
            @QueryParam("status") String status, @QueryParam("first") String first, @QueryParam("max") String max) {
        scope.require(TenantPermission.MANAGE_INVITATIONS);
        Input.Page page = Input.page(first, max);
        Invitations.Status filter = parseStatus(status);
        return invitations.list(tenant, filter, page.first(), page.max()).map(i -> toRepresentation(i, null, null));
    }

    @GET
    @Path("{id}")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public InvitationRepresentation get(@PathParam("id") String id) {
        scope.require(TenantPermission.MANAGE_INVITATIONS);
        return toRepresentation(find(id), null, null);
    }

    /** Revokes a pending (or expired) invitation: its link stops working. 204; 409 when accepted, declined or revoked. */
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        scope.require(TenantPermission.MANAGE_INVITATIONS);
        InvitationEntity invitation = find(id);
        if (!invitations.revoke(invitation)) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT,
                    "conflict",
                    "The invitation is "
                            + Invitations.statusOf(invitation).name().toLowerCase(Locale.ROOT));
        }
        event(OperationType.DELETE, toRepresentation(invitation, null, null), invitation);
        return Response.noContent().build();
    }

    /**
     * Resends a pending or expired invitation: same id, a NEW link (the old one stops working) and a new expiry
     * ({@code expiresInSeconds}, default 7 days). 200 with the new {@code link}; 409 when accepted, declined or revoked.
     */
    @POST
    @Path("{id}/resend")
    @Produces(MediaType.APPLICATION_JSON)
    public InvitationRepresentation resend(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        scope.require(TenantPermission.MANAGE_INVITATIONS);
        InvitationEntity invitation = find(id);
        Long requested = body == null || body.isBlank()
                ? null
                : Input.json(contentType, body, InvitationResendRepresentation.class)
                        .expiresInSeconds();
        long seconds = Input.invitationSeconds(requested);
        String key = invitations
                .resend(invitation, Time.currentTime() + seconds)
                .orElseThrow(() -> OAuthErrors.exception(
                        Response.Status.CONFLICT,
                        "conflict",
                        "The invitation is "
                                + Invitations.statusOf(invitation).name().toLowerCase(Locale.ROOT)));
        String link = link(key);
        UserModel existing = session.users().getUserByEmail(session.getContext().getRealm(), invitation.getEmail());
        boolean sent = sendEmail(invitation, existing, link);
        InvitationRepresentation result = toRepresentation(invitation, link, sent);
        event(OperationType.ACTION, result, invitation);
        return result;
    }

    private InvitationEntity find(String id) {
        return invitations
                .find(tenant, Input.isId(id) ? id : null)
                .orElseThrow(
                        () -> OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "Invitation not found"));
    }

    private List<GroupModel> resolveRoles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            return List.of();
        }
        if (roles.size() > Invitations.MAX_ROLES) {
            throw Input.invalid("roles", "at most " + Invitations.MAX_ROLES + " roles");
        }
        TenantGroups groups = new TenantGroups(session, tenant);
        Set<GroupModel> resolved = new LinkedHashSet<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            String field = "roles[" + i + "]";
            if (role == null || role.isBlank()) {
                throw Input.invalid(field, "must not be empty");
            }
            GroupModel group = groups.find(role)
                    .orElseThrow(() -> Input.invalid(
                            field,
                            "'" + Input.abbreviate(role) + "' is not a role (organization group) of this tenant"));
            TenantMembersResource.requireNoEscalation(scope, groups, group);
            resolved.add(group);
        }
        return new ArrayList<>(resolved);
    }

    private static Invitations.Status parseStatus(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Invitations.Status.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Input.invalid("status", "must be one of pending, accepted, expired, revoked, declined");
        }
    }

    private String link(String key) {
        return InvitationUrls.link(
                session.getContext().getUri().getBaseUri(),
                session.getContext().getRealm().getName(),
                key);
    }

    /**
     * E-mails the link when the realm has SMTP ({@link InvitationEmail}); false (and the invitation stands) otherwise
     * or on failure.
     */
    private boolean sendEmail(InvitationEntity invitation, UserModel existing, String link) {
        RealmModel realm = session.getContext().getRealm();
        if (realm.getSmtpConfig() == null
                || realm.getSmtpConfig().isEmpty()
                || realm.getSmtpConfig().get("host") == null) {
            return false;
        }
        UserModel recipient = existing;
        if (recipient == null) {
            recipient = new LightweightUserAdapter(session, realm, null);
            recipient.setEmail(invitation.getEmail());
        }
        try {
            InvitationEmail.send(
                    session,
                    realm,
                    tenant,
                    invitation,
                    recipient,
                    scope.caller().user(),
                    link);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Invitation e-mail to the invitee of tenant %s not sent: %s", tenant.getAlias(), e.getMessage());
            return false;
        }
    }

    InvitationRepresentation toRepresentation(InvitationEntity invitation, String link, Boolean emailSent) {
        return toRepresentation(session, tenant, invitation, link, emailSent);
    }

    static InvitationRepresentation toRepresentation(
            KeycloakSession session,
            OrganizationModel tenant,
            InvitationEntity invitation,
            String link,
            Boolean emailSent) {
        RealmModel realm = session.getContext().getRealm();
        List<InvitationRepresentation.RoleRef> roles = Invitations.groupIdsOf(invitation).stream()
                .map(id -> {
                    GroupModel group = session.groups().getGroupById(realm, id);
                    return new InvitationRepresentation.RoleRef(id, group == null ? null : TenantGroups.path(group));
                })
                .toList();
        return new InvitationRepresentation(
                invitation.getId(),
                tenant.getAlias(),
                invitation.getEmail(),
                Invitations.statusOf(invitation).name(),
                roles,
                invitation.getCreatedAt(),
                invitation.getExpiresAt(),
                invitation.getSentCount(),
                invitation.getCreatedBy(),
                invitation.getAcceptedAt(),
                invitation.getAcceptedBy(),
                invitation.getRevokedAt(),
                invitation.getDeclinedAt(),
                link,
                emailSent);
    }

    private void event(OperationType operation, InvitationRepresentation representation, InvitationEntity invitation) {
        // the link carries the secret: never into the event store
        InvitationRepresentation stored = new InvitationRepresentation(
                representation.id(),
                representation.tenant(),
                representation.email(),
                representation.status(),
                representation.roles(),
                representation.createdAt(),
                representation.expiresAt(),
                representation.sentCount(),
                representation.createdBy(),
                representation.acceptedAt(),
                representation.acceptedBy(),
                representation.revokedAt(),
                representation.declinedAt(),
                null,
                representation.emailSent());
        scope.caller()
                .adminEvent()
                .operation(operation)
                .resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", tenant.getId(), "invitations", invitation.getId())
                .representation(stored)
                .detail(TenantResource.DETAIL_TENANT, tenant.getAlias())
                .detail(TenantResource.DETAIL_TENANT_ID, tenant.getId())
                .detail(UserModel.EMAIL, invitation.getEmail())
                .success();
    }
}

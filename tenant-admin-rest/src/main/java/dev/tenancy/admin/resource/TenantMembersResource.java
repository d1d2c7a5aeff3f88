package dev.tenancy.admin.resource;

import dev.tenancy.admin.persistence.TenantJpaQueries;
import dev.tenancy.admin.representation.CountRepresentation;
import dev.tenancy.admin.representation.LogoutResultRepresentation;
import dev.tenancy.admin.representation.MemberAddRepresentation;
import dev.tenancy.admin.representation.MemberDetailRepresentation;
import dev.tenancy.admin.representation.MemberRepresentation;
import dev.tenancy.admin.representation.RoleRepresentation;
import dev.tenancy.admin.representation.SessionRepresentation;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantAccess;
import dev.tenancy.context.TenantPermission;
import dev.tenancy.context.TenantRoles;
import dev.tenancy.context.policy.TenantPolicy;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * {@code /realms/{realm}/tenants/{alias}/members}: the tenant's members, their roles in the tenant and their
 * sessions in the tenant. Lists page in the database ({@link MemberPages}: two queries per page, the first page of a
 * tenant of 100,000 members reads 50 index entries) and the count is Keycloak's cached {@code getMembersCount}: never
 * all members in memory.
 */
public class TenantMembersResource {

    private final KeycloakSession session;
    private final TenantScope scope;
    private final OrganizationModel tenant;
    private final OrganizationProvider organizations;

    TenantMembersResource(KeycloakSession session, TenantScope scope) {
        this.session = session;
        this.scope = scope;
        this.tenant = scope.tenant();
        this.organizations = Organizations.getProvider(session);
    }

    /** Keycloak's limit of a username: a longer {@code after} cannot name a member. */
    private static final int MAX_USERNAME_LENGTH = 255;

    /**
     * One page of members by username ({@code view-members}), optionally filtered by {@code search} (username,
     * e-mail, first or last name; {@code exact=true} for exact matches). {@code first} default 0, {@code max} default
     * 100, at most 1000. {@code after=<username>}: only members after that username, for keyset paging (pass the last
     * username of the previous page; costs the same at any depth, unlike a large {@code first}).
     * {@code include=roles}: each member also carries {@code roles}, its roles in the tenant as
     * {@code GET .../members/{userId}/roles} lists them, for the whole page in one more query (a member screen needs
     * no request per row).
     */
    @GET
    @Path("")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<MemberRepresentation> list(
            @QueryParam("search") String search,
            @QueryParam("exact") String exact,
            @QueryParam("after") String after,
            @QueryParam("first") String first,
            @QueryParam("max") String max,
            @QueryParam("include") String include) {
        scope.require(TenantPermission.VIEW_MEMBERS);
        Input.Page page = Input.page(first, max);
        String term = Input.search(search);
        Boolean exactMatch = parseBoolean("exact", exact);
        if (after != null && after.length() > MAX_USERNAME_LENGTH) {
            throw Input.invalid("after", "must be at most " + MAX_USERNAME_LENGTH + " characters (a username)");
        }
        boolean withRoles = include != null && !include.isEmpty();
        if (withRoles && !INCLUDE_ROLES.equals(include)) {
            throw Input.invalid("include", "must be " + INCLUDE_ROLES);
        }
        List<MemberRepresentation> members = MemberPages.page(
                session,
                organizations,
                tenant,
                term,
                Boolean.TRUE.equals(exactMatch),
                after == null || after.isEmpty() ? null : after,
                page.first(),
                page.max());
        return withRoles ? withRoles(members) : members;
    }

    /** The value of {@code include} that adds each member's roles to a list. */
    private static final String INCLUDE_ROLES = "roles";

    /**
     * The page's members with their roles: the tenant's role groups (by path, as {@link #roles} sorts them), and
     * which of them the page's members are in, in one query ({@link TenantJpaQueries#groupMemberships}).
     */
    private List<MemberRepresentation> withRoles(List<MemberRepresentation> members) {
        if (members.isEmpty()) {
            return members;
        }
        TenantGroups groups = new TenantGroups(session, tenant);
        List<GroupModel> all = groups.all();
        Map<String, Set<String>> held = new HashMap<>();
        for (String[] membership : new TenantJpaQueries(session)
                .groupMemberships(
                        members.stream().map(MemberRepresentation::id).toList(),
                        all.stream().map(GroupModel::getId).toList())) {
            held.computeIfAbsent(membership[0], id -> new HashSet<>()).add(membership[1]);
        }
        Map<String, RoleRepresentation> representations = new HashMap<>();
        return members.stream()
                .map(member -> {
                    Set<String> ids = held.getOrDefault(member.id(), Set.of());
                    return member.withRoles(all.stream()
                            .filter(group -> ids.contains(group.getId()))
                            .map(group -> representations.computeIfAbsent(
                                    group.getId(), id -> groups.toRepresentation(group, scope)))
                            .toList());
                })
                .toList();
    }

    /**
     * The number of members ({@code view-members}): Keycloak's {@code getMembersCount}, which its organization cache
     * keeps per tenant until a membership changes, so this is not a COUNT over the members on every call.
     */
    @GET
    @Path("count")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public CountRepresentation count() {
        scope.require(TenantPermission.VIEW_MEMBERS);
        return new CountRepresentation(organizations.getMembersCount(tenant));
    }

    /**
     * Adds an existing user of the realm, by {@code userId} or {@code email}: a realm admin's act ({@code 201} with the
     * member; 404 when no such user; 409 when already a member).
     *
     * <p>A tenant admin ({@code manage-members}) may not: a user joins a tenant only with their consent, by accepting
     * an invitation. For a tenant admin, anyone who is not already a member gets the same 403 pointing to
     * {@code POST .../invitations}, whether or not an account exists, so the answer never tells whether an address
     * or id has an account. 409 for a member tells nothing new: the admin lists members.</p>
     */
    @POST
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response add(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        scope.require(TenantPermission.MANAGE_MEMBERS);
        MemberAddRepresentation rep = Input.json(contentType, body, MemberAddRepresentation.class);
        if ((rep.userId() == null) == (rep.email() == null)) {
            throw Input.invalid("userId", "send exactly one of userId or email");
        }
        RealmModel realm = session.getContext().getRealm();
        UserModel user = rep.userId() != null
                ? session.users().getUserById(realm, Input.id("userId", rep.userId()))
                : session.users().getUserByEmail(realm, Input.email("email", rep.email()));
        // an unknown user and a non-member differ by one indexed membership query: far below a request's noise
        // (TenantAdminConsentIT measures both)
        boolean alreadyMember = user != null && organizations.isMember(tenant, user);
        if (alreadyMember) {
            throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict", "The user is already a member");
        }
        if (!scope.caller().isRealmAdmin()) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    "Only realm admins add users "
                            + "directly; a user joins a tenant by accepting an invitation: POST /realms/"
                            + realm.getName()
                            + "/tenants/" + tenant.getAlias() + "/invitations");
        }
        if (user == null) {
            throw OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "User not found");
        }
        if (!TenantPolicy.of(session, tenant).allowsEmail(user.getEmail())) {
            throw Input.invalid("email", "the tenant's policy does not allow members with this email domain");
        }
        try {
            if (!organizations.addMember(tenant, user)) {
                throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict", "The user is already a member");
            }
        } catch (ModelException e) {
            throw Input.invalid("userId", e.getMessage());
        }
        MemberRepresentation member = MemberRepresentation.of(user);
        event(
                OperationType.CREATE,
                ResourceType.ORGANIZATION_MEMBERSHIP,
                member,
                user,
                "organizations",
                tenant.getId(),
                "members",
                user.getId());
        return Response.created(session.getContext()
                        .getUri()
                        .getAbsolutePathBuilder()
                        .path(user.getId())
                        .build())
                .entity(member)
                .build();
    }

    /** One member with their roles and permissions in this tenant ({@code view-members}). */
    @GET
    @Path("{userId}")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public MemberDetailRepresentation get(@PathParam("userId") String userId) {
        scope.require(TenantPermission.VIEW_MEMBERS);
        UserModel user = member(userId);
        TenantAccess access = TenantRoles.of(organizations, tenant, user);
        Set<String> permissions = access.clientRoles().getOrDefault(TenancyConventions.PERMISSIONS_CLIENT_ID, Set.of());
        return new MemberDetailRepresentation(
                user.getId(),
                user.getUsername(),
                user.getEmail(),
                user.getFirstName(),
                user.getLastName(),
                user.isEnabled(),
                organizations.isManagedMember(tenant, user),
                access.groups(),
                permissions);
    }

    /**
     * Removes the member ({@code manage-members}). As in Keycloak, a MANAGED member (joined through the tenant's
     * identity provider) is deleted with the membership; the groups of this tenant are left too.
     */
    @DELETE
    @Path("{userId}")
    public Response remove(@PathParam("userId") String userId) {
        scope.require(TenantPermission.MANAGE_MEMBERS);
        UserModel user = member(userId);
        MemberRepresentation member = MemberRepresentation.of(user);
        organizations.removeMember(tenant, user);
        event(
                OperationType.DELETE,
                ResourceType.ORGANIZATION_MEMBERSHIP,
                member,
                null,
                "organizations",
                tenant.getId(),
                "members",
                member.id());
        return Response.noContent().build();
    }

    /** The member's roles in this tenant, i.e. their organization groups ({@code view-members}). */
    @GET
    @Path("{userId}/roles")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public Stream<RoleRepresentation> roles(@PathParam("userId") String userId) {
        scope.require(TenantPermission.VIEW_MEMBERS);
        UserModel user = member(userId);
        TenantGroups groups = new TenantGroups(session, tenant);
        return organizations
                .getOrganizationGroupsByMember(tenant, user)
                .sorted((a, b) -> TenantGroups.path(a).compareTo(TenantGroups.path(b)))
                .map(group -> groups.toRepresentation(group, scope));
    }

    /**
     * Grants a tenant role: puts the member into the organization group named by id or path ({@code manage-roles}).
     * A caller may grant only roles whose tenant permissions they hold themselves (no escalation). 204; granting a
     * role the member has is a no-op 204.
     */
    @PUT
    @Path("{userId}/roles/{role: .+}")
    public Response grant(@PathParam("userId") String userId, @PathParam("role") String role) {
        scope.require(TenantPermission.MANAGE_ROLES);
        UserModel user = member(userId);
        TenantGroups groups = new TenantGroups(session, tenant);
        GroupModel group = role(groups, role);
        requireNoEscalation(scope, groups, group);
        if (!user.isMemberOf(group)) {
            user.joinGroup(group);
            event(
                    OperationType.CREATE,
                    ResourceType.ORGANIZATION_GROUP_MEMBERSHIP,
                    groups.toRepresentation(group),
                    user,
                    "organizations",
                    tenant.getId(),
                    "groups",
                    group.getId(),
                    "members",
                    user.getId());
        }
        return Response.noContent().build();
    }

    /** Revokes a tenant role ({@code manage-roles}), with the same no-escalation rule as granting. 204. */
    @DELETE
    @Path("{userId}/roles/{role: .+}")
    public Response revoke(@PathParam("userId") String userId, @PathParam("role") String role) {
        scope.require(TenantPermission.MANAGE_ROLES);
        UserModel user = member(userId);
        TenantGroups groups = new TenantGroups(session, tenant);
        GroupModel group = role(groups, role);
        requireNoEscalation(scope, groups, group);
        if (user.isMemberOf(group)) {
            user.leaveGroup(group);
            event(
                    OperationType.DELETE,
                    ResourceType.ORGANIZATION_GROUP_MEMBERSHIP,
                    groups.toRepresentation(group),
                    user,
                    "organizations",
                    tenant.getId(),
                    "groups",
                    group.getId(),
                    "members",
                    user.getId());
        }
        return Response.noContent().build();
    }

    /**
     * The member's activity in THIS tenant ({@code manage-sessions}): per Keycloak session of the member, only the
     * token chains acting in this tenant ({@link TenantSessions#list}); sessions without one are not listed.
     */
    @GET
    @Path("{userId}/sessions")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<SessionRepresentation> sessions(@PathParam("userId") String userId) {
        scope.require(TenantPermission.MANAGE_SESSIONS);
        UserModel user = member(userId);
        return new TenantSessions(session, tenant).list(user);
    }

    /**
     * Ends the member's activity in THIS tenant ({@code manage-sessions}; {@link TenantSessions#end}): a Keycloak
     * session used only in this tenant is logged out (backchannel logout to its clients); in a session shared with
     * another tenant, only this tenant's chains end and re-entering it needs a new login. {@code sessions} counts
     * the Keycloak sessions that had a chain here.
     */
    @DELETE
    @Path("{userId}/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public LogoutResultRepresentation logout(@PathParam("userId") String userId) {
        scope.require(TenantPermission.MANAGE_SESSIONS);
        UserModel user = member(userId);
        long ended = new TenantSessions(session, tenant).end(user);
        LogoutResultRepresentation result = new LogoutResultRepresentation(1, ended);
        event(
                OperationType.ACTION,
                ResourceType.USER_SESSION,
                result,
                user,
                "organizations",
                tenant.getId(),
                "members",
                user.getId(),
                "sessions");
        return result;
    }

    private UserModel member(String userId) {
        UserModel user = Input.isId(userId) ? organizations.getMemberById(tenant, userId) : null;
        if (user == null) {
            throw OAuthErrors.exception(Response.Status.NOT_FOUND, "not_found", "Member not found");
        }
        return user;
    }

    private static GroupModel role(TenantGroups groups, String role) {
        return groups.find(role)
                .orElseThrow(() -> OAuthErrors.exception(
                        Response.Status.NOT_FOUND,
                        "not_found",
                        "Role not found in this tenant: " + Input.abbreviate(role)));
    }

    /** A caller may hand out (or take away) only tenant permissions they hold themselves. */
    static void requireNoEscalation(TenantScope scope, TenantGroups groups, GroupModel group) {
        groups.missingPermission(scope, group).ifPresent(permission -> {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    "The role '"
                            + TenantGroups.path(group) + "' carries the permission '" + permission
                            + "', which the caller does not hold");
        });
    }

    private static Boolean parseBoolean(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return switch (raw) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw Input.invalid(field, "must be true or false");
        };
    }

    private void event(
            OperationType operation, ResourceType type, Object representation, UserModel user, String... path) {
        var builder = scope.caller()
                .adminEvent()
                .operation(operation)
                .resource(type)
                .resourcePath(path)
                .representation(representation)
                .detail(TenantResource.DETAIL_TENANT, tenant.getAlias())
                .detail(TenantResource.DETAIL_TENANT_ID, tenant.getId());
        if (user != null) {
            builder.detail(UserModel.USERNAME, user.getUsername()).detail(UserModel.EMAIL, user.getEmail());
        }
        builder.success();
    }
}

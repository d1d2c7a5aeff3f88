package dev.tenancy.admin.resource;

import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.portal.PortalResource;
import dev.tenancy.admin.representation.MeRepresentation;
import dev.tenancy.admin.representation.TenantCreateRepresentation;
import dev.tenancy.admin.representation.TenantMembershipRepresentation;
import dev.tenancy.admin.representation.TenantRepresentation;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenantAccess;
import dev.tenancy.context.TenantPermission;
import dev.tenancy.context.TenantRoles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * {@code /realms/{realm}/tenants}: the tenant API (see tenant-admin-rest/README.md and the OpenAPI document at
 * {@code /realms/{realm}/tenants/openapi}). Every method authenticates the bearer token first (401), then
 * authorises per tenant ({@link TenantScope}: 404, 403), then validates input (400), then acts.
 *
 * <p>Reserved aliases ({@link ReservedAliases}): a tenant whose alias is {@code me}, {@code openapi},
 * {@code invitations} or {@code portal} cannot be reached here, because these literal paths win over
 * {@code {alias}}.</p>
 */
public class TenantsResource {

    static final String OPENAPI_RESOURCE = "/dev/tenancy/admin/openapi.yaml";

    private final KeycloakSession session;

    public TenantsResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * The caller's tenants with the caller's groups and roles in each, paged by {@code first}/{@code max} in alias
     * order. {@code activeTenant} is the alias named by the presented access token, if any.
     */
    @GET
    @Path("me")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public MeRepresentation me(@QueryParam("first") String first, @QueryParam("max") String max) {
        TenantCaller caller = TenantCaller.authenticate(session);
        Input.Page page = Input.page(first, max);
        UserModel user = caller.user();
        OrganizationProvider organizations = Organizations.getProvider(session);
        List<TenantMembershipRepresentation> tenants = organizations
                .getByMember(user)
                .sorted((a, b) -> a.getAlias().compareTo(b.getAlias()))
                .skip(page.first())
                .limit(page.max())
                .map(tenant -> membership(caller, organizations, tenant))
                .toList();
        return new MeRepresentation(
                user.getId(), user.getUsername(), caller.activeTenantAlias(), caller.isRealmAdmin(), tenants);
    }

    /** The caller's entry of {@code GET /me} for one tenant: groups, roles and the permissions the token may use. */
    static TenantMembershipRepresentation membership(
            TenantCaller caller, OrganizationProvider organizations, OrganizationModel tenant) {
        TenantAccess access = TenantRoles.of(organizations, tenant, caller.user());
        return TenantMembershipRepresentation.of(access, TenantScope.permissionsIn(caller, tenant, access));
    }

    /**
     * The realm's tenants (realm admins only), by alias; {@code search}: a part of the alias or name
     * (case-insensitive). Paged in the database ({@link TenantDirectory}).
     */
    @GET
    @Path("")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<TenantRepresentation> list(
            @QueryParam("search") String search, @QueryParam("first") String first, @QueryParam("max") String max) {
        TenantCaller caller = TenantCaller.authenticate(session);
        caller.requireRealmAdmin();
        Input.Page page = Input.page(first, max);
        String term = Input.search(search);
        return TenantDirectory.page(session, term, page.first(), page.max()).stream()
                .map(TenantResource::toRepresentation)
                .toList();
    }

    /** The invitations addressed to the caller's verified e-mail ({@link MyInvitationsResource}). */
    @Path("me/invitations")
    public MyInvitationsResource myInvitations() {
        CorsSupport.answerPreflight(session.getContext().getHttpRequest().getHttpMethod());
        return new MyInvitationsResource(session, TenantCaller.authenticate(session));
    }

    /** CORS preflight of {@code /me} and {@code /openapi}; those of the other paths are answered by the locators. */
    @OPTIONS
    @Path("{path: me|openapi}")
    public Response preflight() {
        return CorsSupport.preflight();
    }

    /** The OpenAPI 3 document of this API (public: it describes, it grants nothing). */
    @GET
    @Path("openapi")
    @Produces("application/yaml")
    public Response openapi() {
        try (InputStream in = TenantsResource.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw OAuthErrors.exception(
                        Response.Status.NOT_FOUND, "not_found", "No OpenAPI document in this build");
            }
            return Response.ok(in.readAllBytes(), "application/yaml").build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a tenant (realm admins only): the organization, its group {@code admins} carrying the permission
     * {@code tenant-admin}, its group {@code members} (no permission), and optionally its first admin.
     */
    @POST
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        TenantCaller caller = TenantCaller.authenticate(session);
        caller.requireRealmAdmin();
        TenantCreateRepresentation rep = Input.json(contentType, body, TenantCreateRepresentation.class);
        String alias = Input.text("alias", rep.alias(), Input.MAX_NAME_LENGTH, true);
        if (!alias.matches("[a-z0-9][a-z0-9-]*") || ReservedAliases.isReserved(alias)) {
            throw Input.invalid(
                    "alias",
                    "must be lower-case letters, digits and dashes, and not " + String.join("/", ReservedAliases.ALL));
        }
        String name = Input.text("name", rep.name(), Input.MAX_NAME_LENGTH, true);
        String description = Input.text("description", rep.description(), Input.MAX_DESCRIPTION_LENGTH, false);
        RealmModel realm = session.getContext().getRealm();
        UserModel admin = null;
        if (rep.adminUserId() != null) {
            admin = session.users().getUserById(realm, Input.id("adminUserId", rep.adminUserId()));
            if (admin == null) {
                throw Input.invalid("adminUserId", "no such user");
            }
        }
        OrganizationProvider organizations = Organizations.getProvider(session);
        if (organizations.getByAlias(alias) != null
                || organizations.getAllStream(name, true, 0, 1).findAny().isPresent()) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT, "conflict", "A tenant with this alias or name exists");
        }
        OrganizationModel tenant;
        try {
            tenant = organizations.create(name, alias);
        } catch (ModelDuplicateException e) {
            throw OAuthErrors.exception(
                    Response.Status.CONFLICT, "conflict", "A tenant with this alias or name exists");
        }
        tenant.setDescription(description);
        TenancyClients.ensure(session, realm);
        GroupModel admins = organizations.createGroup(tenant, "admins", null);
        RoleModel tenantAdmin = realm.getClientByClientId(dev.tenancy.context.TenancyConventions.PERMISSIONS_CLIENT_ID)
                .getRole(TenantPermission.TENANT_ADMIN.roleName());
        admins.grantRole(tenantAdmin);
        organizations.createGroup(tenant, "members", null);
        if (admin != null) {
            organizations.addMember(tenant, admin);
            admin.joinGroup(admins);
        }
        caller.adminEvent()
                .operation(OperationType.CREATE)
                .resource(ResourceType.ORGANIZATION)
                .resourcePath("organizations", tenant.getId())
                .representation(TenantResource.toRepresentation(tenant))
                .detail(TenantResource.DETAIL_TENANT, tenant.getAlias())
                .success();
        return Response.created(session.getContext()
                        .getUri()
                        .getAbsolutePathBuilder()
                        .path(tenant.getAlias())
                        .build())
                .entity(TenantResource.toRepresentation(tenant))
                .build();
    }

    /** One tenant: authenticates (401) and applies the visibility rules of {@link TenantScope} (404, 403). */
    @Path("{alias}")
    public TenantResource tenant(@PathParam("alias") String alias) {
        CorsSupport.answerPreflight(session.getContext().getHttpRequest().getHttpMethod());
        TenantCaller caller = TenantCaller.authenticate(session);
        return new TenantResource(session, TenantScope.resolve(session, caller, alias));
    }

    /** The tenant admin portal's page and files (public: the page signs in through cookie mode). */
    @Path("portal")
    public PortalResource portal() {
        return new PortalResource(session);
    }

    /** The invitation link and its API twin (no tenant in the path: the key names the invitation). */
    @Path("invitations")
    public InvitationAcceptanceResource invitations() {
        CorsSupport.answerPreflight(session.getContext().getHttpRequest().getHttpMethod());
        return new InvitationAcceptanceResource(session);
    }
}

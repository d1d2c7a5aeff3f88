package dev.tenancy.admin.resource;

import dev.tenancy.admin.representation.LogoutResultRepresentation;
import dev.tenancy.admin.representation.RoleRepresentation;
import dev.tenancy.admin.representation.TenantRepresentation;
import dev.tenancy.admin.representation.TenantUpdateRepresentation;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantBranding;
import dev.tenancy.context.TenantPermission;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * {@code /realms/{realm}/tenants/{alias}}: one tenant's profile, suspension, roles, audit and sessions; members and
 * invitations below it. Reached only through {@link TenantsResource#tenant}, i.e. authenticated and visible.
 */
public class TenantResource {

    /** Admin-event detail keys (see docs/ARCHITECTURE.md, "Events"). */
    static final String DETAIL_TENANT = TenancyConventions.EventDetails.TENANT;

    static final String DETAIL_TENANT_ID = TenancyConventions.EventDetails.TENANT_ID;
    static final String BRANDING_PREFIX = TenantBranding.ATTRIBUTE_PREFIX;
    /** Members handled per database page when ending the sessions of all members. */
    private static final int LOGOUT_BATCH = 500;

    private final KeycloakSession session;
    private final TenantScope scope;
    private final OrganizationModel tenant;

    TenantResource(KeycloakSession session, TenantScope scope) {
        this.session = session;
        this.scope = scope;
        this.tenant = scope.tenant();
    }

    /** The tenant's profile. Any member acting in this tenant may read it (no permission needed). */
    @GET
    @Path("")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public TenantRepresentation get() {
        return toRepresentation(tenant);
    }

    /** Updates name, description and branding ({@code manage-policies}); only the fields sent change. */
    @PUT
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public TenantRepresentation update(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        scope.require(TenantPermission.MANAGE_POLICIES);
        TenantUpdateRepresentation rep = Input.json(contentType, body, TenantUpdateRepresentation.class);
        String name = Input.text("name", rep.name(), Input.MAX_NAME_LENGTH, false);
        if (name != null && name.isEmpty()) {
            throw Input.invalid("name", "must not be empty");
        }
        String description = Input.text("description", rep.description(), Input.MAX_DESCRIPTION_LENGTH, false);
        Map<String, String> branding = new LinkedHashMap<>();
        if (rep.branding() != null) {
            if (rep.branding().size() > Input.MAX_BRANDING_KEYS) {
                throw Input.invalid("branding", "at most " + Input.MAX_BRANDING_KEYS + " keys");
            }
            for (Map.Entry<String, String> e : rep.branding().entrySet()) {
                String key = Input.brandingKey(e.getKey());
                branding.put(key, Input.brandingValue(key, e.getValue()));
            }
        }
        if (name != null && !name.equals(tenant.getName())) {
            if (Organizations.getProvider(session)
                    .getAllStream(name, true, 0, 10)
                    .anyMatch(o -> !o.getId().equals(tenant.getId()) && name.equals(o.getName()))) {
                throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict", "name: another tenant has this name");
            }
            try {
                tenant.setName(name);
            } catch (ModelDuplicateException e) {
                throw OAuthErrors.exception(Response.Status.CONFLICT, "conflict", "name: another tenant has this name");
            }
        }
        if (description != null) {
            tenant.setDescription(description.isEmpty() ? null : description);
        }
        Map<String, List<String>> written = null;
        if (!branding.isEmpty()) {
            Map<String, List<String>> attributes = new LinkedHashMap<>(tenant.getAttributes());
            branding.forEach((key, value) -> {
                if (value == null || value.isEmpty()) {
                    attributes.remove(BRANDING_PREFIX + key);
                } else {
                    attributes.put(BRANDING_PREFIX + key, List.of(value));
                }
            });
            try {
                tenant.setAttributes(attributes);
            } catch (ModelValidationException e) {
                // the organization provider's check of tenancy.* attributes (the same rules as above): our format
                throw OAuthErrors.exception(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
            }
            written = attributes;
        }
        // the organization adapter caches its attributes when first read and keeps that copy after setAttributes
        TenantRepresentation result = toRepresentation(tenant, written == null ? tenant.getAttributes() : written);
        event(OperationType.UPDATE, ResourceType.ORGANIZATION, result, "organizations", tenant.getId());
        return result;
    }

    /** Suspends the tenant (realm admins only): no login into it and no refresh in it until resumed. */
    @PUT
    @Path("suspension")
    public Response suspend() {
        scope.caller().requireRealmAdmin();
        tenant.setEnabled(false);
        event(
                OperationType.UPDATE,
                ResourceType.ORGANIZATION,
                toRepresentation(tenant),
                "organizations",
                tenant.getId());
        return Response.noContent().build();
    }

    /** Resumes a suspended tenant (realm admins only). */
    @DELETE
    @Path("suspension")
    public Response resume() {
        scope.caller().requireRealmAdmin();
        tenant.setEnabled(true);
        event(
                OperationType.UPDATE,
                ResourceType.ORGANIZATION,
                toRepresentation(tenant),
                "organizations",
                tenant.getId());
        return Response.noContent().build();
    }

    /** The tenant's assignable roles: its organization groups, nested ones too, by path ({@code view-members}). */
    @GET
    @Path("roles")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public Stream<RoleRepresentation> roles() {
        scope.require(TenantPermission.VIEW_MEMBERS);
        TenantGroups groups = new TenantGroups(session, tenant);
        return groups.all().stream().map(group -> groups.toRepresentation(group, scope));
    }

    /**
     * Ends every member's activity in THIS tenant ({@code manage-sessions}), as {@code DELETE
     * members/{userId}/sessions} does for one ({@link TenantSessions#end}): other tenants' chains of the same users
     * stay. Members are read page by page.
     */
    @DELETE
    @Path("sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public LogoutResultRepresentation logoutAll() {
        scope.require(TenantPermission.MANAGE_SESSIONS);
        OrganizationProvider organizations = Organizations.getProvider(session);
        long members = 0;
        long sessions = 0;
        TenantSessions tenantSessions = new TenantSessions(session, tenant);
        for (int first = 0; ; first += LOGOUT_BATCH) {
            List<UserModel> page = organizations
                    .getMembersStream(tenant, (String) null, null, first, LOGOUT_BATCH)
                    .toList();
            for (UserModel member : page) {
                sessions += tenantSessions.end(member);
            }
            members += page.size();
            if (page.size() < LOGOUT_BATCH) {
                break;
            }
        }
        LogoutResultRepresentation result = new LogoutResultRepresentation(members, sessions);
        event(OperationType.ACTION, ResourceType.USER_SESSION, result, "organizations", tenant.getId(), "sessions");
        return result;
    }

    /** The tenant's audit events ({@code view-audit}; {@link TenantEventsResource}). */
    @Path("events")
    public TenantEventsResource events() {
        return new TenantEventsResource(session, scope);
    }

    /** The caller leaves this tenant ({@link TenantLeaveResource}). */
    @Path("leave")
    public TenantLeaveResource leave() {
        return new TenantLeaveResource(session, scope);
    }

    @Path("members")
    public TenantMembersResource members() {
        return new TenantMembersResource(session, scope);
    }

    @Path("invitations")
    public TenantInvitationsResource invitations() {
        return new TenantInvitationsResource(session, scope);
    }

    /** The tenant's security policy ({@code manage-policies} to read and to change it). */
    @Path("policy")
    public TenantPolicyResource policy() {
        scope.require(TenantPermission.MANAGE_POLICIES);
        return new TenantPolicyResource(session, tenant, this);
    }

    void event(OperationType operation, ResourceType type, Object representation, String... path) {
        scope.caller()
                .adminEvent()
                .operation(operation)
                .resource(type)
                .resourcePath(path)
                .representation(representation)
                .detail(DETAIL_TENANT, tenant.getAlias())
                .detail(DETAIL_TENANT_ID, tenant.getId())
                .success();
    }

    static TenantRepresentation toRepresentation(OrganizationModel tenant) {
        return toRepresentation(tenant, tenant.getAttributes());
    }

    static TenantRepresentation toRepresentation(OrganizationModel tenant, Map<String, List<String>> attributes) {
        Map<String, String> branding = new TreeMap<>();
        attributes.forEach((key, values) -> {
            if (key.startsWith(BRANDING_PREFIX) && values != null && !values.isEmpty()) {
                branding.put(key.substring(BRANDING_PREFIX.length()), values.get(0));
            }
        });
        return new TenantRepresentation(
                tenant.getId(),
                tenant.getAlias(),
                tenant.getName(),
                tenant.getDescription(),
                tenant.isEnabled(),
                branding);
    }
}

package dev.tenancy.admin.resource;

import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.policy.RealmBaseline;
import dev.tenancy.context.policy.TenantPolicy;
import dev.tenancy.context.policy.TenantPolicyValidator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/tenants/{alias}/policy}: the tenant's security policy (see docs/ARCHITECTURE.md, "Tenant
 * policies"). A sub-resource: the tenant API's locator authenticates the caller, resolves the tenant and checks the
 * permission {@code manage-policies} in it (GET may be allowed with {@code view-members} or any tenant role, as the
 * API decides), then hands both here. Nothing here authorises.
 *
 * <ul>
 *   <li>{@code GET}: {@code {"policy": {key: value, ...}, "realm": {...}}}: the keys set for this tenant (unset keys
 *       fall back to the realm) and the realm values a policy may tighten but not loosen.</li>
 *   <li>{@code PUT} with the WHOLE policy ({@code {key: value}}, keys as in {@code GET}, {@code null} or absent =
 *       unset): validated by {@link TenantPolicyValidator}; any error answers 400
 *       {@code {"error":"invalid_request","error_description":"Invalid tenant policy: <field>: <reason>; ...",
 *       "fields": {field: reason}}} and stores nothing; otherwise the {@code tenancy.policy.*} attributes of the
 *       organization are replaced (other attributes kept) and the stored policy is returned.</li>
 * </ul>
 *
 * <p>Reached through {@code TenantResource#policy()}, which has checked {@code manage-policies} in this tenant; a
 * change is recorded as an admin event (ORGANIZATION UPDATE) like the tenant API's other changes.</p>
 */
public class TenantPolicyResource {

    private final KeycloakSession session;
    private final OrganizationModel tenant;
    private final TenantResource tenantResource;

    TenantPolicyResource(KeycloakSession session, OrganizationModel tenant, TenantResource tenantResource) {
        this.session = session;
        this.tenant = tenant;
        this.tenantResource = tenantResource;
    }

    @GET
    @Path("")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", TenantPolicy.fromAttributes(tenant.getAttributes()).toJson());
        body.put("realm", RealmBaseline.of(realm()));
        return body;
    }

    @PUT
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = Input.json(contentType, body, Map.class);
        TenantPolicyValidator.Result result = update(tenant, RealmBaseline.of(realm()), policy);
        if (!result.ok()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(result.errorBody())
                    .build();
        }
        Map<String, Object> stored = Map.of("policy", result.policy().toJson());
        tenantResource.event(
                OperationType.UPDATE, ResourceType.ORGANIZATION, stored, "organizations", tenant.getId(), "policy");
        return Response.ok(stored, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Validates {@code policy} against the realm and, only when it is valid, replaces the tenant's
     * {@code tenancy.policy.*} attributes with it (other attributes kept).
     */
    static TenantPolicyValidator.Result update(OrganizationModel tenant, RealmBaseline realm, Map<String, ?> policy) {
        TenantPolicyValidator.Result result = TenantPolicyValidator.validate(policy, realm);
        if (result.ok()) {
            try {
                tenant.setAttributes(result.policy().applyTo(tenant.getAttributes()));
            } catch (ModelValidationException e) {
                // the organization provider's check of tenancy.* attributes (the same rules): our error format
                throw OAuthErrors.exception(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
            }
        }
        return result;
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }
}

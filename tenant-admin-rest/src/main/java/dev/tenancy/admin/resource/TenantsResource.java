package dev.tenancy.admin.resource;

import java.util.List;
import java.util.Map;

import dev.tenancy.admin.representation.MeRepresentation;
import dev.tenancy.admin.representation.TenantMembershipRepresentation;
import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantRoles;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /realms/{realm}/tenants}: the tenant API. Every method authenticates the bearer token first and answers 401
 * without one; authorisation follows, per tenant.
 */
public class TenantsResource {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

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
    @Produces(MediaType.APPLICATION_JSON)
    public MeRepresentation me(@QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("" + DEFAULT_PAGE_SIZE) int max) {
        AuthResult auth = authenticate();
        if (first < 0 || max < 1 || max > MAX_PAGE_SIZE) {
            throw OAuthErrors.exception(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST,
                    "first must be >= 0 and max between 1 and " + MAX_PAGE_SIZE);
        }
        UserModel user = auth.user();
        OrganizationProvider organizations = Organizations.getProvider(session);
        List<TenantMembershipRepresentation> tenants = organizations.getByMember(user)
                .sorted((a, b) -> a.getAlias().compareTo(b.getAlias()))
                .skip(first).limit(max)
                .map(tenant -> TenantMembershipRepresentation.of(TenantRoles.of(organizations, tenant, user)))
                .toList();
        return new MeRepresentation(user.getId(), user.getUsername(), activeTenantAlias(auth), tenants);
    }

    private static String activeTenantAlias(AuthResult auth) {
        Object claim = auth.token().getOtherClaims().get(TenancyConventions.DEFAULT_TENANT_CLAIM);
        return claim instanceof Map<?, ?> tenant && tenant.get("alias") instanceof String alias ? alias : null;
    }

    private AuthResult authenticate() {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw OAuthErrors.exception(Response.Status.UNAUTHORIZED, "invalid_token", "Bearer access token required");
        }
        return auth;
    }
}

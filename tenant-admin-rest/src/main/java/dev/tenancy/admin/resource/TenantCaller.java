package dev.tenancy.admin.resource;

import dev.tenancy.context.OAuthErrors;
import dev.tenancy.context.TenancyConventions;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * The authenticated caller of one request: the bearer access token of THIS realm (Keycloak's
 * {@code BearerTokenAuthenticator}: signature, expiry, issuer, active user session), the token's active tenant, and
 * whether the caller is a realm admin.
 *
 * <p>The token must carry the OAuth scope {@value TenancyConventions#TENANT_API_SCOPE}, else 403: a token issued to
 * any other purpose never acts on the tenant API, whatever its user may do.</p>
 *
 * <p>A realm admin is a user holding {@code realm-management} {@code manage-realm} or {@code manage-organizations}
 * (effective role mappings: these roles are realm-wide, so {@code hasRole} sees them; organization-group roles never
 * make anyone a realm admin), where that role is also in the token's role scope ({@link CallerTokenScope}), as
 * Keycloak's admin API requires.</p>
 */
public final class TenantCaller {

    private static final Logger LOG = Logger.getLogger(TenantCaller.class);

    private final KeycloakSession session;
    private final AuthResult auth;
    private final CallerTokenScope tokenScope;
    private final boolean realmAdmin;

    private TenantCaller(KeycloakSession session, AuthResult auth) {
        this.session = session;
        this.auth = auth;
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = auth.client() != null
                ? auth.client()
                : realm.getClientByClientId(auth.token().getIssuedFor());
        this.tokenScope = CallerTokenScope.of(client, auth.token());
        this.realmAdmin = isRealmAdmin(realm, auth.user(), tokenScope);
    }

    /** Authenticates the bearer token, or throws 401 {@code invalid_token}. */
    public static TenantCaller authenticate(KeycloakSession session) {
        AuthResult auth;
        try {
            auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (WebApplicationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Keycloak 26.7.3's verifier throws on some tokens it cannot read instead of refusing them (a JWS header
            // without "alg": NullPointerException). A token that cannot be verified is an invalid token, not a 500.
            LOG.debugf("Bearer token refused: %s", e.toString());
            auth = null;
        }
        if (auth == null) {
            throw OAuthErrors.exception(
                    Response.Status.UNAUTHORIZED,
                    "invalid_token",
                    "A valid bearer access token of this realm is required");
        }
        CorsSupport.allow(auth.token());
        TenantCaller caller = new TenantCaller(session, auth);
        if (!caller.tokenScope.hasScope(TenancyConventions.TENANT_API_SCOPE)) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    "The access token lacks the scope '" + TenancyConventions.TENANT_API_SCOPE
                            + "': add the client scope '" + TenancyConventions.TENANT_API_SCOPE
                            + "' to the client and request it");
        }
        return caller;
    }

    public AuthResult auth() {
        return auth;
    }

    public UserModel user() {
        return auth.user();
    }

    public boolean isRealmAdmin() {
        return realmAdmin;
    }

    /**
     * The alias in the token's active-tenant claim ({@code <claim>.alias}, under the claim name configured on the
     * token's "Active tenant" mappers), or null.
     */
    public String activeTenantAlias() {
        return tokenScope.activeTenantAlias(auth.token());
    }

    /**
     * Whether the client role {@code roleName} of {@code clientId} is in the token's role scope: a role the user holds
     * counts on the tenant API only then (Keycloak's admin API rule).
     */
    public boolean tokenAllows(String clientId, String roleName) {
        ClientModel roleClient = session.getContext().getRealm().getClientByClientId(clientId);
        return roleClient != null && tokenScope.allowsRole(roleClient.getRole(roleName));
    }

    /** Throws 403 unless the caller is a realm admin. */
    public void requireRealmAdmin() {
        if (!realmAdmin) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    "access_denied",
                    "Only realm admins (manage-realm or manage-organizations) may do this");
        }
    }

    /** An admin-event builder with this caller as the acting user and client (stored when the realm enables it). */
    public AdminEventBuilder adminEvent() {
        RealmModel realm = session.getContext().getRealm();
        return new AdminEventBuilder(
                realm,
                new AdminAuth(realm, auth.token(), auth.user(), tokenScope.client()),
                session,
                session.getContext().getConnection());
    }

    static boolean isRealmAdmin(RealmModel realm, UserModel user, CallerTokenScope tokenScope) {
        ClientModel realmManagement =
                realm.getClientByClientId(org.keycloak.models.Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (realmManagement == null || user == null) {
            return false;
        }
        for (String roleName : new String[] {AdminRoles.MANAGE_REALM, AdminRoles.MANAGE_ORGANIZATIONS}) {
            RoleModel role = realmManagement.getRole(roleName);
            if (role != null && user.hasRole(role) && tokenScope.allowsRole(role)) {
                return true;
            }
        }
        return false;
    }
}

package dev.tenancy.mapper;

import dev.tenancy.context.ActiveTenant;
import dev.tenancy.context.RequestedTenants;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.policy.TenantEntry;
import dev.tenancy.context.session.TenantSessionEnd;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Optional;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;

/**
 * The tenant-mapper module's ONE adapter to an internal Keycloak SPI ({@code token-interceptor}). It runs on every
 * token response, before Keycloak's own organization post-processor, and makes tenant selection strict:
 * <ul>
 *   <li>a request naming a tenant ({@code scope=organization:<alias>}) that the user is not an enabled member of fails
 *       with {@code access_denied} instead of Keycloak's silent drop;</li>
 *   <li>a client marked {@code tenancy.tenant.required=true} never gets a token without an active tenant;</li>
 *   <li>the {@code tenant} switch parameter is only accepted by the refresh-token grant;</li>
 *   <li>no token for a tenant that ended its sessions in this user session (tenant API) is issued from it until the
 *       user authenticated again ({@link TenantSessionEnd#mayEnter}): {@code interaction_required}, whatever the grant
 *       (an SSO re-entry's code exchange, a switch into the tenant);</li>
 *   <li>the resolved active tenant is put into the request context, so Keycloak's post-processor stores it in the new
 *       refresh token and the chain keeps it, even for a client that has no tenant mapper.</li>
 * </ul>
 * A rejection rolls the request back (no session is left behind) and is recorded as an {@code *_ERROR} event with
 * detail {@code tenancy_reason}. {@code TokenPostProcessorContractIT} fails if an upgrade stops calling it.
 */
public class TenantTokenPostProcessor implements TokenPostProcessor {

    /** Client attribute: tokens of this client must name an active tenant. */
    public static final String TENANT_REQUIRED_ATTRIBUTE = TenancyConventions.ATTRIBUTE_PREFIX + "tenant.required";

    private final KeycloakSession session;

    public TenantTokenPostProcessor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        if (!Organizations.isEnabled(session)) {
            return;
        }
        ClientSessionContext clientSessionCtx = context.clientSessionCtx();
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        ClientModel client = clientSession.getClient();
        UserModel user = clientSession.getUserSession().getUser();
        String grantType = clientSessionCtx.getAttribute(Constants.GRANT_TYPE, String.class);
        boolean refresh = OAuth2Constants.REFRESH_TOKEN.equals(grantType);
        MultivaluedMap<String, String> form = formParameters();

        if (!refresh && form.containsKey(TenancyConventions.SWITCH_TENANT_PARAMETER)) {
            reject(
                    OAuthErrorException.INVALID_REQUEST,
                    "tenant_parameter_not_allowed",
                    "The 'tenant' parameter is only accepted by the refresh_token grant",
                    grantType,
                    client,
                    user,
                    null);
        }

        Optional<OrganizationModel> active = ActiveTenant.resolve(session, user, clientSessionCtx);
        if (!refresh) {
            for (String alias : requestedTenants(grantType, form, clientSession)) {
                if (active.isEmpty() || !active.get().getAlias().equals(alias)) {
                    reject(
                            OAuthErrorException.ACCESS_DENIED,
                            "tenant_not_allowed",
                            "The user is not an active member of " + "the requested tenant '" + alias + "'",
                            grantType,
                            client,
                            user,
                            alias);
                }
            }
        }
        if (active.isPresent()
                && !TenantSessionEnd.mayEnter(
                        clientSession.getUserSession(), active.get().getId())) {
            String alias = active.get().getAlias();
            reject(
                    TenantEntry.INTERACTION_REQUIRED,
                    TenantSessionEnd.REASON,
                    "Tenant '" + alias + "' ended this "
                            + "session: authenticate again (prompt=login) with organization:" + alias,
                    grantType,
                    client,
                    user,
                    alias);
        }
        if (active.isEmpty() && Boolean.parseBoolean(client.getAttribute(TENANT_REQUIRED_ATTRIBUTE))) {
            reject(
                    OAuthErrorException.ACCESS_DENIED,
                    "tenant_required",
                    "Client '" + client.getClientId() + "' requires an active tenant, and the user has none",
                    grantType,
                    client,
                    user,
                    null);
        }
    }

    /**
     * The single tenants this request asks for: {@code organization:<alias>} scopes (not {@code organization:*}). A
     * direct grant asks in its form; a code exchange asked in the authorization request, kept as the client-session
     * note {@code scope}.
     */
    private List<String> requestedTenants(
            String grantType, MultivaluedMap<String, String> form, AuthenticatedClientSessionModel clientSession) {
        return RequestedTenants.inScope(
                OAuth2Constants.AUTHORIZATION_CODE.equals(grantType)
                        ? clientSession.getNote(OAuth2Constants.SCOPE)
                        : form.getFirst(OAuth2Constants.SCOPE));
    }

    private MultivaluedMap<String, String> formParameters() {
        return session.getContext().getHttpRequest().getDecodedFormParameters();
    }

    private void reject(
            String error,
            String reason,
            String description,
            String grantType,
            ClientModel client,
            UserModel user,
            String tenant) {
        new EventBuilder(
                        session.getContext().getRealm(),
                        session,
                        session.getContext().getConnection())
                .event(eventTypeOf(grantType))
                .client(client)
                .user(user)
                .detail(Details.GRANT_TYPE, grantType)
                .detail(TenancyConventions.EventDetails.TENANT, tenant)
                .detail(TenancyConventions.EventDetails.REASON, reason)
                .error(error);
        throw new TokenInterceptorException(error, description);
    }

    private static EventType eventTypeOf(String grantType) {
        if (grantType == null) {
            return EventType.LOGIN;
        }
        return switch (grantType) {
            case OAuth2Constants.AUTHORIZATION_CODE -> EventType.CODE_TO_TOKEN;
            case OAuth2Constants.CLIENT_CREDENTIALS -> EventType.CLIENT_LOGIN;
            case OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE -> EventType.TOKEN_EXCHANGE;
            case OAuth2Constants.REFRESH_TOKEN -> EventType.REFRESH_TOKEN;
            default -> EventType.LOGIN;
        };
    }
}

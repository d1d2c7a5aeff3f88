package dev.tenancy.policy.token;

import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.policy.MfaRequirement;
import dev.tenancy.context.policy.TenantEntry;
import dev.tenancy.context.policy.TenantMfa;
import dev.tenancy.context.policy.TenantPolicy;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The tenant policy on every token response, for the active tenant the response is issued in (resolved by
 * tenant-mapper's post-processor, which runs before this one):
 * <ul>
 *   <li><b>second factor</b>: a token for a tenant that requires one of this user needs a user session that used an
 *       allowed factor ({@link TenantMfa}); otherwise {@code interaction_required}. This guards every grant (a code
 *       from a flow without the MFA condition, a password grant, a token exchange) and, at refresh, a chain that
 *       started before the tenant turned MFA on. Cheap when met: the user session's note is already loaded;</li>
 *   <li><b>token lifetimes</b>: the access token expires no later than the tenant's idle timeout from now, and the
 *       refresh token no later than the idle timeout from now or the tenant's maximum from the session's
 *       authentication (refresh-policy caps the refreshes of a family the same way).</li>
 * </ul>
 * One read of the tenant's attributes per request, shared with the other policy checks.
 */
public class TenantPolicyTokenPostProcessor implements TokenPostProcessor {

    private final KeycloakSession session;

    public TenantPolicyTokenPostProcessor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        OrganizationModel tenant = session.getContext().getOrganization();
        if (tenant == null) {
            return;
        }
        TenantPolicy policy = TenantPolicy.of(session, tenant);
        if (policy.isEmpty()) {
            return;
        }
        ClientSessionContext clientSessionCtx = context.clientSessionCtx();
        UserSessionModel userSession = clientSessionCtx.getClientSession().getUserSession();
        UserModel user = userSession.getUser();
        String grantType = clientSessionCtx.getAttribute(Constants.GRANT_TYPE, String.class);
        if (!OAuth2Constants.CLIENT_CREDENTIALS.equals(grantType)) {
            requireSecondFactor(policy, tenant, user, userSession, grantType, clientSessionCtx);
        }
        capLifetimes(policy, userSession, context.accessToken(), context.refreshToken());
    }

    private void requireSecondFactor(
            TenantPolicy policy,
            OrganizationModel tenant,
            UserModel user,
            UserSessionModel userSession,
            String grantType,
            ClientSessionContext clientSessionCtx) {
        if (policy.mfa() == MfaRequirement.OFF) {
            return;
        }
        // the cheap test first: a session that used an allowed factor needs no role lookup
        if (TenantMfa.completedSecondFactor(
                userSession.getRealm(), userSession.getNote(Constants.AUTHENTICATORS_COMPLETED), policy.mfaMethods())) {
            return;
        }
        if (!TenantMfa.required(session, tenant, user, policy)) {
            return;
        }
        if (TenantMfa.satisfied(
                userSession.getRealm(), null, userSession.getNote(TenantMfa.SETUP_NOTE), user, policy.mfaMethods())) {
            return;
        }
        new EventBuilder(
                        session.getContext().getRealm(),
                        session,
                        session.getContext().getConnection())
                .event(eventTypeOf(grantType))
                .client(clientSessionCtx.getClientSession().getClient())
                .user(user)
                .session(userSession.getId())
                .detail(Details.GRANT_TYPE, grantType)
                .detail(TenancyConventions.EventDetails.TENANT, tenant.getAlias())
                .detail(TenancyConventions.EventDetails.REASON, "tenant_policy_mfa_required")
                .error(TenantEntry.INTERACTION_REQUIRED);
        throw new TokenInterceptorException(
                TenantEntry.INTERACTION_REQUIRED,
                "Tenant '" + tenant.getAlias()
                        + "' requires multi-factor authentication: re-authenticate with organization:"
                        + tenant.getAlias());
    }

    private static void capLifetimes(
            TenantPolicy policy, UserSessionModel userSession, AccessToken accessToken, RefreshToken refreshToken) {
        int idle = policy.sessionIdleSeconds();
        int max = policy.sessionMaxSeconds();
        if (idle == 0 && max == 0) {
            return;
        }
        long now = Time.currentTime();
        long limit = Long.MAX_VALUE;
        if (idle > 0) {
            limit = now + idle;
        }
        if (max > 0) {
            String authTime = userSession.getNote(AuthenticationManager.AUTH_TIME);
            long authenticatedAt = authTime == null ? userSession.getStarted() : Long.parseLong(authTime);
            limit = Math.min(limit, authenticatedAt + max);
        }
        if (accessToken != null && accessToken.getExp() != null && accessToken.getExp() > limit) {
            accessToken.exp(limit);
        }
        if (refreshToken != null
                && (refreshToken.getExp() == null || refreshToken.getExp() == 0 || refreshToken.getExp() > limit)) {
            refreshToken.exp(limit);
        }
    }

    private static EventType eventTypeOf(String grantType) {
        if (grantType == null) {
            return EventType.LOGIN;
        }
        // EventBuilder.error turns each into its *_ERROR type
        return switch (grantType) {
            case OAuth2Constants.AUTHORIZATION_CODE -> EventType.CODE_TO_TOKEN;
            case OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE -> EventType.TOKEN_EXCHANGE;
            case OAuth2Constants.REFRESH_TOKEN -> EventType.REFRESH_TOKEN;
            default -> EventType.LOGIN;
        };
    }
}

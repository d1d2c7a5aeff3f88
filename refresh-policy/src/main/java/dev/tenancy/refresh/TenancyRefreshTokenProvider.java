package dev.tenancy.refresh;

import dev.tenancy.context.SessionLimits;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantSessionLimitsSource;
import dev.tenancy.context.TenantSwitch;
import dev.tenancy.context.session.TenantSessionEnd;
import dev.tenancy.refresh.rotation.FamilyClaims;
import dev.tenancy.refresh.rotation.FamilyRotation;
import dev.tenancy.refresh.rotation.RotationPolicy;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.representations.RefreshToken;

/**
 * The ONE adapter of this pack to Keycloak's internal {@code refresh-token} SPI (see docs/ARCHITECTURE.md, "Internal
 * SPIs"). It keeps Keycloak's refresh (it extends the default provider and calls it) and adds, at the provider's
 * hooks:
 * <ul>
 *   <li>the token family: claims {@code tenancy_fid}, {@code tenancy_fiat}, {@code tenancy_gen} (see
 *       {@link FamilyClaims}), minted with the first refresh token of a login and kept by every refresh;</li>
 *   <li>the tenant switch ({@link TenantSwitch}), before Keycloak validates the token's tenant;</li>
 *   <li>rotation with reuse detection, grace window and family revocation, when the client-policy executor
 *       {@code tenancy-refresh-rotation} configured it for the request ({@link FamilyRotation}); without that
 *       executor a refresh behaves as Keycloak's default;</li>
 *   <li>family lifetime limits: the executor's {@code familyMaxLifespanSeconds} and the active tenant's session
 *       limits ({@link TenantSessionLimitsSource}).</li>
 * </ul>
 * Where it hooks into {@code AbstractRefreshTokenProvider.refreshAccessToken}: {@link #validateToken} (the family lock
 * is taken before Keycloak loads the user session; the decision is made right after Keycloak validated it) and the
 * token Keycloak returns. The family state is written last, by {@link FamilyTokenPostProcessor}.
 *
 * <p>{@code RefreshTokenSpiContractIT} fails if a Keycloak upgrade stops calling this provider or its hooks.</p>
 */
public class TenancyRefreshTokenProvider extends DefaultRefreshTokenProvider {

    private final List<TenantSessionLimitsSource> tenantLimits;

    public TenancyRefreshTokenProvider(KeycloakSession session, List<TenantSessionLimitsSource> tenantLimits) {
        super(session);
        this.tenantLimits = tenantLimits;
    }

    @Override
    public RefreshToken generateRefreshToken(InitialRefreshTokenContext ctx) {
        RefreshToken refreshToken = super.generateRefreshToken(ctx);
        // A refresh re-stamps the token it gets from here with the family it continues (refreshAccessToken).
        FamilyClaims.startFamily(refreshToken);
        return refreshToken;
    }

    @Override
    public TokenManager.AccessTokenResponseBuilder refreshAccessToken(RefreshTokenContext ctx)
            throws OAuthErrorException {
        // A chain whose tenant ended it (tenant API) stays ended; judged by the tenant it acts in BEFORE a switch.
        TenantSessionEnd.checkRefresh(
                session, ctx.oldRefreshToken(), ctx.grantContext().getEvent());
        // Tenant switch (tenant-mapper's feature; lives in tenant-context): must run before Keycloak validates the
        // token's organization and runs the mappers. It reads the raw form: the grant's form parameters have an
        // over-long value silently removed (TokenEndpoint.checkParameters), and an over-long tenant must be refused.
        TenantSwitch.apply(
                session,
                session.getContext()
                        .getHttpRequest()
                        .getDecodedFormParameters()
                        .getFirst(TenancyConventions.SWITCH_TENANT_PARAMETER),
                ctx.oldRefreshToken(),
                ctx.grantContext().getEvent());
        RefreshToken presented = ctx.oldRefreshToken();
        FamilyRotation family = FamilyRotation.begin(
                session,
                presented,
                FamilyClaims.familyId(presented),
                RotationPolicy.of(session),
                RotationPolicy.receivedAt(session, Time.currentTimeMillis()));
        if (family.rotates() && ctx.grantContext().getRealm().isRevokeRefreshToken()) {
            // Keycloak's realm-wide reuse counting must not judge this family (see FamilyRotation.decide).
            presented.getOtherClaims().remove(Constants.REUSE_ID);
        }

        TokenManager.AccessTokenResponseBuilder response = super.refreshAccessToken(ctx);

        RefreshToken issued = response.getRefreshToken();
        if (issued != null) {
            issued.id(family.issuedTokenId(issued.getId()));
            issued.exp(family.cappedExpiry(issued.getExp()));
            FamilyClaims.continueFamily(issued, family.familyId(), family.familyStartedAt(), family.issuedGeneration());
            if (family.rotates()) {
                issued.getOtherClaims().remove(Constants.REUSE_ID);
            }
        }
        return response;
    }

    @Override
    protected TokenManager.TokenValidation validateToken(
            KeycloakSession session,
            UriInfo uriInfo,
            ClientConnection connection,
            RealmModel realm,
            RefreshToken oldToken,
            HttpHeaders headers,
            String scope,
            ClientModel client,
            TokenManager tokenManager,
            EventBuilder event)
            throws OAuthErrorException {
        FamilyRotation family = FamilyRotation.of(session);
        if (family == null) {
            // Not reached through refreshAccessToken: nothing of ours to do.
            return super.validateToken(
                    session, uriInfo, connection, realm, oldToken, headers, scope, client, tokenManager, event);
        }
        family.lockFamily();
        TokenManager.TokenValidation validation = super.validateToken(
                session, uriInfo, connection, realm, oldToken, headers, scope, client, tokenManager, event);
        family.decide(
                validation.user,
                validation.userSession,
                validation.clientSessionCtx.getClientSession(),
                realm,
                event,
                uriInfo,
                connection,
                headers);
        family.enforceLifetime(limitsOf(validation, oldToken, family), familyStartedAt(oldToken, validation), event);
        return validation;
    }

    /** The family's start; for a token minted before this pack, its client session's start (the earliest it can be). */
    private static long familyStartedAt(RefreshToken token, TokenManager.TokenValidation validation) {
        Long claimed = FamilyClaims.familyStartedAt(token);
        if (claimed != null) {
            return claimed;
        }
        int clientSessionStarted =
                validation.clientSessionCtx.getClientSession().getStarted();
        return clientSessionStarted > 0 ? clientSessionStarted : token.getIat();
    }

    private SessionLimits limitsOf(TokenManager.TokenValidation validation, RefreshToken token, FamilyRotation family) {
        RotationPolicy policy = RotationPolicy.of(session);
        SessionLimits limits =
                policy == null ? SessionLimits.NONE : new SessionLimits(0, policy.familyMaxLifespanSeconds());
        if (tenantLimits.isEmpty()) {
            return limits;
        }
        OrganizationModel tenant = activeTenantOf(token);
        if (tenant == null) {
            return limits;
        }
        return limits.strictest(TenantSessionLimitsSource.strictest(
                tenantLimits, session, tenant, validation.user, family.isOffline()));
    }

    /**
     * The chain's tenant: the token's {@code organization} claim when it names one tenant (a switch has re-pointed it
     * already), else the {@code tenancy_tid} claim.
     */
    private OrganizationModel activeTenantOf(RefreshToken token) {
        if (!Organizations.isEnabled(session)) {
            return null;
        }
        OrganizationProvider organizations = Organizations.getProvider(session);
        Object alias = token.getOtherClaims().get(OAuth2Constants.ORGANIZATION);
        if (alias instanceof Collection<?> aliases && aliases.size() == 1) {
            alias = aliases.iterator().next();
        }
        if (alias instanceof String single) {
            return organizations.getByAlias(single);
        }
        Object tenantId = token.getOtherClaims().get(TenancyConventions.ACTIVE_TENANT_CLAIM);
        return tenantId instanceof String id ? organizations.getById(id) : null;
    }
}

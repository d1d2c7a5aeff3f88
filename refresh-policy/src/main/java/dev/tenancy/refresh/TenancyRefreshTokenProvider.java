package dev.tenancy.refresh;

import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantSwitch;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.representations.RefreshToken;

/**
 * The ONE adapter of this pack to Keycloak's internal {@code refresh-token} SPI (see docs/ARCHITECTURE.md, "Internal
 * SPIs"). It keeps Keycloak's default behaviour and adds the token family: every refresh token carries the id of its
 * family ({@link TenancyConventions#FAMILY_ID_CLAIM}), minted with the first refresh token of a login and kept by each
 * refresh. The family id is what reuse detection and revocation key on, and what audit events report. It also
 * applies a requested tenant switch ({@link TenantSwitch}) before Keycloak validates the token's tenant.
 *
 * <p>The integration test {@code RefreshTokenSpiContractIT} fails if a Keycloak upgrade stops calling this provider.</p>
 */
public class TenancyRefreshTokenProvider extends DefaultRefreshTokenProvider {

    public TenancyRefreshTokenProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public RefreshToken generateRefreshToken(InitialRefreshTokenContext ctx) {
        RefreshToken refreshToken = super.generateRefreshToken(ctx);
        refreshToken.getOtherClaims().put(TenancyConventions.FAMILY_ID_CLAIM, newFamilyId());
        return refreshToken;
    }

    @Override
    public TokenManager.AccessTokenResponseBuilder refreshAccessToken(RefreshTokenContext ctx) throws OAuthErrorException {
        // Tenant switch (tenant-mapper's feature; lives in tenant-context): must run before Keycloak validates the
        // token's organization and runs the mappers.
        // The raw form, not ctx.grantContext().getFormParams(): Keycloak silently drops over-long extra parameters
        // there, and an over-long tenant must be refused, not ignored.
        TenantSwitch.apply(session, session.getContext().getHttpRequest().getDecodedFormParameters()
                .getFirst(TenancyConventions.SWITCH_TENANT_PARAMETER), ctx.oldRefreshToken(), ctx.grantContext().getEvent());
        TokenManager.AccessTokenResponseBuilder response = super.refreshAccessToken(ctx);
        RefreshToken next = response.getRefreshToken();
        if (next != null) {
            next.getOtherClaims().put(TenancyConventions.FAMILY_ID_CLAIM, familyIdOf(ctx.oldRefreshToken()));
        }
        return response;
    }

    /** The family of a token; a token minted before this pack was installed starts a family of its own. */
    static String familyIdOf(RefreshToken token) {
        Object familyId = token.getOtherClaims().get(TenancyConventions.FAMILY_ID_CLAIM);
        return familyId instanceof String id && !id.isBlank() ? id : newFamilyId();
    }

    private static String newFamilyId() {
        return SecretGenerator.getInstance().generateSecureID();
    }
}

package dev.tenancy.refresh;

import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.session.TenantChains;
import dev.tenancy.refresh.rotation.FamilyClaims;
import dev.tenancy.refresh.rotation.FamilyRotation;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.RefreshToken;

/**
 * The refresh-policy module's adapter to Keycloak's internal {@code token-interceptor} SPI. It runs LAST among the
 * post-processors of every token response, when the response is all but built:
 * <ul>
 *   <li>it stamps the active tenant's id ({@link TenancyConventions#ACTIVE_TENANT_CLAIM}) into the refresh token, as
 *       the tenant selection resolved it for this response, so the chain carries its tenant through rotations and
 *       grace responses;</li>
 *   <li>it records the chain's tenant in the client session ({@link TenantChains}), so that the tenant API can list
 *       and end the chains of one tenant;</li>
 *   <li>it commits a refresh's rotation ({@link FamilyRotation#commit}): the family's head moves only once nothing
 *       else in the request can fail any more (a client-policy executor on the refresh response, the tenant checks of
 *       other post-processors). A request that fails earlier leaves the presented token the head, so the client's
 *       retry with it is no replay.</li>
 * </ul>
 */
public class FamilyTokenPostProcessor implements TokenPostProcessor {

    private final KeycloakSession session;

    public FamilyTokenPostProcessor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        RefreshToken issued = context.refreshToken();
        if (issued != null) {
            OrganizationModel tenant = session.getContext().getOrganization();
            if (tenant != null) {
                issued.getOtherClaims().put(TenancyConventions.ACTIVE_TENANT_CLAIM, tenant.getId());
            } else {
                issued.getOtherClaims().remove(TenancyConventions.ACTIVE_TENANT_CLAIM);
            }
            if (context.clientSessionCtx() != null && context.clientSessionCtx().getClientSession() != null) {
                TenantChains.record(
                        context.clientSessionCtx().getClientSession(),
                        FamilyClaims.familyId(issued),
                        tenant,
                        Time.currentTime());
            }
        }
        FamilyRotation family = FamilyRotation.of(session);
        if (family != null && context.requestRefreshToken() == family.presented()) {
            family.commit(issued);
        }
    }
}

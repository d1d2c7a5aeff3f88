package dev.tenancy.policy.session;

import com.google.auto.service.AutoService;
import dev.tenancy.context.SessionLimits;
import dev.tenancy.context.TenantSessionLimitsSource;
import dev.tenancy.context.policy.TenantPolicy;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

/**
 * The tenant's {@code session.idle-seconds} and {@code session.max-seconds}, for refresh-policy's family limits: a
 * token family (the refresh tokens of one login, continued across switches) in this tenant ends at its next refresh
 * once idle longer than the tenant allows since its last refresh, or older than the tenant's maximum since its first
 * token; the refresh tokens it gets never outlive those limits. Applies to offline chains as well. One read of the
 * tenant's attributes per refresh (parsed once per request).
 */
@AutoService(TenantSessionLimitsSource.class)
public class TenantPolicySessionLimits implements TenantSessionLimitsSource {

    @Override
    public SessionLimits limitsOf(KeycloakSession session, OrganizationModel tenant, UserModel user, boolean offline) {
        TenantPolicy policy = TenantPolicy.of(session, tenant);
        int idle = policy.sessionIdleSeconds();
        int max = policy.sessionMaxSeconds();
        return idle == 0 && max == 0 ? SessionLimits.NONE : new SessionLimits(idle, max);
    }
}

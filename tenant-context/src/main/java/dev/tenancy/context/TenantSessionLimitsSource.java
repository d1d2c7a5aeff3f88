package dev.tenancy.context;

import java.util.List;
import java.util.ServiceLoader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

/**
 * Where the per-tenant session policy (idle and absolute lifetime of a tenant's sessions) plugs into refresh: at each
 * refresh of a chain whose active tenant is known, the refresh-token adapter asks every source for that tenant's
 * limits and applies the strictest. A family past them ends with {@code invalid_grant}; the refresh token returned
 * never outlives them.
 *
 * <p>Here in tenant-context, not in refresh-policy, so that a module providing limits (tenant-policy) does not depend
 * on refresh-policy: provider modules depend only on tenant-context.</p>
 *
 * <p>A plain Java service, not a Keycloak SPI: register an implementation with
 * {@code @AutoService(TenantSessionLimitsSource.class)} in any provider jar. (Keycloak 26.7.3 does not pick up an SPI
 * declared in a provider jar: it is missing from the server info and its factories are never loaded.) Sources are
 * loaded once, when the server starts, and must be stateless; without any, refresh never looks up the tenant.</p>
 *
 * <p>Called once per refresh: read what the tenant already holds (organization attributes are loaded with the
 * organization), do not query per call.</p>
 */
public interface TenantSessionLimitsSource {

    /**
     * The limits {@code tenant} sets for {@code user}'s sessions, or {@link SessionLimits#NONE}.
     *
     * @param offline whether the chain is an offline-token chain
     */
    SessionLimits limitsOf(KeycloakSession session, OrganizationModel tenant, UserModel user, boolean offline);

    /** Every source on the class path of {@code classLoader} (the one of the provider jars). */
    static List<TenantSessionLimitsSource> load(ClassLoader classLoader) {
        return ServiceLoader.load(TenantSessionLimitsSource.class, classLoader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** The strictest limits of all {@code sources} for this tenant and user. */
    static SessionLimits strictest(
            List<TenantSessionLimitsSource> sources,
            KeycloakSession session,
            OrganizationModel tenant,
            UserModel user,
            boolean offline) {
        SessionLimits limits = SessionLimits.NONE;
        for (TenantSessionLimitsSource source : sources) {
            limits = limits.strictest(source.limitsOf(session, tenant, user, offline));
        }
        return limits;
    }
}

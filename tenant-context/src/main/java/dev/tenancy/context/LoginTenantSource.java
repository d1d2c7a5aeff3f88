package dev.tenancy.context;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Tells the login pages which tenant a login is for when only one module knows it: the tenant-admin module knows the
 * tenant (and the invited e-mail) of a login that follows an invitation link. The themes module asks every source
 * while rendering a page, to show the tenant's branding and to pre-fill the registration form.
 *
 * <p>A plain Java service, not a Keycloak SPI (Keycloak 26.7.3 does not load an SPI declared in a provider jar):
 * register an implementation with {@code @AutoService(LoginTenantSource.class)}. Implementations are stateless and
 * loaded once; they are called once per rendered login page and must be cheap when the login is not theirs (check
 * the client first).</p>
 */
public interface LoginTenantSource {

    /** What a source knows about a login: its tenant (enabled), and the e-mail the login is meant for, if any. */
    record Hint(OrganizationModel tenant, String email) {}

    /** The hint for this authentication session, or empty when this source knows nothing about it. */
    Optional<Hint> hint(KeycloakSession session, AuthenticationSessionModel authSession);

    /** Every source on the class path of {@code classLoader} (the one of the provider jars). */
    static List<LoginTenantSource> load(ClassLoader classLoader) {
        return ServiceLoader.load(LoginTenantSource.class, classLoader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}

package dev.tenancy.themes;

import java.util.List;
import java.util.Optional;

import dev.tenancy.context.LoginTenantSource;
import dev.tenancy.context.RequestedTenants;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Which tenant a login page is for, when it is known, in this order:
 * <ol>
 *   <li>the tenant of the request context (Keycloak's organization step after identity-first login, our "Tenant
 *       selection" step, the invitation page);</li>
 *   <li>the tenant chosen in this login (client note {@code kc.org}: our picker, Keycloak's picker);</li>
 *   <li>the ONE tenant requested with {@code scope=organization:<alias>};</li>
 *   <li>a {@link LoginTenantSource} (the invitation of a login that follows an invitation link);</li>
 *   <li>the tenant owning the domain of the {@code login_hint} e-mail, then of the username typed so far;</li>
 *   <li>the only enabled tenant of the user, once the user is known.</li>
 * </ol>
 * Only enabled tenants count. Nothing here decides the token's tenant: that is the "Tenant selection" step's job;
 * this only chooses which branding a page shows.
 */
final class LoginTenant {

    private final KeycloakSession session;
    private final List<LoginTenantSource> sources;

    LoginTenant(KeycloakSession session, List<LoginTenantSource> sources) {
        this.session = session;
        this.sources = sources;
    }

    /** The tenant of this page, if known, and the e-mail the login is meant for (invitations), if any. */
    Optional<LoginTenantSource.Hint> resolve(AuthenticationSessionModel authSession, UserModel user) {
        if (!Organizations.isEnabled(session)) {
            return Optional.empty();
        }
        OrganizationProvider organizations = Organizations.getProvider(session);
        LoginTenantSource.Hint sourced = authSession == null ? null : sourced(authSession);
        String email = sourced == null ? null : sourced.email();
        OrganizationModel tenant = enabled(session.getContext().getOrganization());
        if (tenant == null && authSession != null) {
            tenant = fromAuthSession(organizations, authSession);
        }
        if (tenant == null && sourced != null) {
            tenant = enabled(sourced.tenant());
        }
        if (tenant == null && authSession != null) {
            tenant = byDomain(organizations, authSession.getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM));
            if (tenant == null) {
                tenant = byDomain(organizations,
                        authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME));
            }
        }
        if (tenant == null && user != null) {
            List<OrganizationModel> firstTwo = organizations.getByMember(user).filter(OrganizationModel::isEnabled)
                    .limit(2).toList();
            tenant = firstTwo.size() == 1 ? firstTwo.get(0) : byDomain(organizations, user.getEmail());
            if (tenant != null && !tenant.isMember(user)) {
                tenant = null;
            }
        }
        return tenant == null && email == null ? Optional.empty()
                : Optional.of(new LoginTenantSource.Hint(tenant, email));
    }

    private LoginTenantSource.Hint sourced(AuthenticationSessionModel authSession) {
        for (LoginTenantSource source : sources) {
            Optional<LoginTenantSource.Hint> hint = source.hint(session, authSession);
            if (hint.isPresent()) {
                return hint.get();
            }
        }
        return null;
    }

    private OrganizationModel fromAuthSession(OrganizationProvider organizations, AuthenticationSessionModel authSession) {
        String chosen = authSession.getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        if (chosen == null) {
            chosen = authSession.getAuthNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        }
        if (chosen != null) {
            OrganizationModel tenant = enabled(organizations.getById(chosen));
            if (tenant != null) {
                return tenant;
            }
        }
        List<String> requested = RequestedTenants.inScope(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        return requested.size() == 1 ? enabled(organizations.getByAlias(requested.get(0))) : null;
    }

    private static OrganizationModel byDomain(OrganizationProvider organizations, String email) {
        String domain = email == null ? null : Organizations.getEmailDomain(email);
        return domain == null ? null : enabled(organizations.getByDomainName(domain));
    }

    private static OrganizationModel enabled(OrganizationModel tenant) {
        return tenant != null && tenant.isEnabled() ? tenant : null;
    }
}

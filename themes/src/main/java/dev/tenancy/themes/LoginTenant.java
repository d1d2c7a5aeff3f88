package dev.tenancy.themes;

import java.util.List;
import java.util.Optional;

import dev.tenancy.context.FirstFactor;
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
 * Which tenant a login page is for, when it is known.
 *
 * <p>Before the user has passed the first factor ({@link FirstFactor}), only what the REQUEST says counts, never who
 * the typed name belongs to, so that the page after an unknown name is the page after a known one:</p>
 * <ol>
 *   <li>the ONE tenant requested with {@code scope=organization:<alias>};</li>
 *   <li>a {@link LoginTenantSource} (the invitation of a login that follows an invitation link);</li>
 *   <li>the tenant owning the domain of the {@code login_hint} e-mail, then of the username typed so far (Keycloak's
 *       organization domain matching, on what was typed).</li>
 * </ol>
 * <p>Not then: the request's organization context and the {@code kc.org} notes (Keycloak's identity-first step
 * fills them from the typed user's memberships and stored e-mail), nor the user's memberships.</p>
 *
 * <p>Once the user is authenticated, and on pages outside a login (the invitation page sets the context itself):</p>
 * <ol>
 *   <li>the tenant of the request context (Keycloak's organization step, our "Tenant selection" step, the invitation
 *       page);</li>
 *   <li>the tenant chosen in this login (client note {@code kc.org}: our picker, Keycloak's picker);</li>
 *   <li>the sources above, in the same order;</li>
 *   <li>the only enabled tenant of the user, else the tenant of the user's e-mail domain if the user is its member.</li>
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
        // a page outside any login (no authentication session) was set up by its own resource, e.g. the invitation page
        boolean userKnown = authSession == null || FirstFactor.passed(authSession);
        LoginTenantSource.Hint sourced = authSession == null ? null : sourced(authSession);
        String email = sourced == null ? null : sourced.email();
        OrganizationModel tenant = null;
        if (userKnown) {
            tenant = enabled(session.getContext().getOrganization());
            if (tenant == null && authSession != null) {
                tenant = chosen(organizations, authSession);
            }
        }
        if (tenant == null && authSession != null) {
            tenant = requested(organizations, authSession);
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
        if (tenant == null && user != null && userKnown) {
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

    /** The tenant chosen in this login: our picker or Keycloak's (client note), Keycloak's organization step (auth note). */
    private static OrganizationModel chosen(OrganizationProvider organizations, AuthenticationSessionModel authSession) {
        String chosen = authSession.getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        if (chosen == null) {
            chosen = authSession.getAuthNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        }
        return chosen == null ? null : enabled(organizations.getById(chosen));
    }

    /** The ONE tenant named by {@code scope=organization:<alias>}: the client's request, not the user's memberships. */
    private static OrganizationModel requested(OrganizationProvider organizations, AuthenticationSessionModel authSession) {
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

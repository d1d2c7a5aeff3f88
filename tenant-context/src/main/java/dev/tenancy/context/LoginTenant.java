package dev.tenancy.context;

import java.util.List;
import java.util.Optional;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The ONE answer to "which tenant is this browser login for?", used by the policy steps (tenant-policy) and by the
 * login pages (themes). Only enabled tenants count.
 *
 * <p>{@link #entered}: the tenant the login has entered, for enforcing that tenant's policy:</p>
 * <ol>
 *   <li>the tenant chosen in this login, the client note {@code kc.org} ("Tenant selection" or Keycloak's picker);</li>
 *   <li>without a choice, the request's organization context.</li>
 * </ol>
 * <p>The choice comes first because it is what the login's tokens will be for: Keycloak copies {@code kc.org} into
 * the client session, and the first token takes its tenant from there. The request context is only what some step of
 * THIS request set: "Tenant selection" sets it to the choice itself, but Keycloak's identity-first organization step
 * or a broker login set it from the typed user or the identity provider, which may be another tenant. So a policy
 * step enforces, and a page shows the branding of, the tenant the token will name. Nothing until the user has passed
 * the first factor ({@link FirstFactor}): before that the context may hold what Keycloak's identity-first step derived
 * from the typed name's memberships, and a policy step or a branded page acting on it would disclose them.</p>
 *
 * <p>{@link #forPage}: for a page's branding, {@link #entered} and then what else hints at the tenant, first match
 * wins. Before the first factor only what the REQUEST says counts, so that the page after an unknown name is the
 * page after a known one:</p>
 * <ol>
 *   <li>once the user is authenticated: {@link #entered}, then, when nothing was chosen, the tenant Keycloak's
 *       organization step resolved (auth note {@code kc.org});</li>
 *   <li>the ONE tenant requested with {@code scope=organization:<alias>};</li>
 *   <li>a {@link LoginTenantSource} (the invitation of a login that follows an invitation link);</li>
 *   <li>the tenant owning the domain of the {@code login_hint} e-mail, then of the username typed so far (Keycloak's
 *       organization domain matching, on what was typed);</li>
 *   <li>once the user is authenticated: the only enabled tenant of the user, else the tenant of the user's e-mail
 *       domain if the user is its member.</li>
 * </ol>
 * <p>A page outside any login (no authentication session, e.g. the invitation page) was set up by its own resource:
 * its request context counts, then the user's tenant. Nothing here decides the token's tenant: that is the "Tenant
 * selection" step's job.</p>
 */
public final class LoginTenant {

    private LoginTenant() {}

    /** The tenant this login has entered (see the class comment), or null. */
    public static OrganizationModel entered(KeycloakSession session, AuthenticationSessionModel authSession) {
        if (!Organizations.isEnabled(session) || !FirstFactor.passed(authSession)) {
            return null;
        }
        String chosenId = authSession.getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        OrganizationModel tenant = chosenId == null
                ? session.getContext().getOrganization()
                : Organizations.getProvider(session).getById(chosenId);
        return enabled(tenant);
    }

    /**
     * The tenant of a login page, if known, and the e-mail the login is meant for (invitations), if any.
     *
     * @param authSession the page's authentication session, null for a page outside a login
     * @param user the user the page is for, if known
     * @param sources every {@link LoginTenantSource} (loaded once by the caller)
     */
    public static Optional<LoginTenantSource.Hint> forPage(
            KeycloakSession session,
            AuthenticationSessionModel authSession,
            UserModel user,
            List<LoginTenantSource> sources) {
        if (!Organizations.isEnabled(session)) {
            return Optional.empty();
        }
        OrganizationProvider organizations = Organizations.getProvider(session);
        boolean userKnown = authSession == null || FirstFactor.passed(authSession);
        LoginTenantSource.Hint sourced = authSession == null ? null : sourced(session, authSession, sources);
        String email = sourced == null ? null : sourced.email();
        OrganizationModel tenant = null;
        if (authSession == null) {
            tenant = enabled(session.getContext().getOrganization());
        } else if (userKnown) {
            tenant = entered(session, authSession);
            if (tenant == null && authSession.getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE) == null) {
                tenant = resolvedByKeycloak(organizations, authSession);
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
                tenant = byDomain(
                        organizations, authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME));
            }
        }
        if (tenant == null && user != null && userKnown) {
            List<OrganizationModel> firstTwo = organizations
                    .getByMember(user)
                    .filter(OrganizationModel::isEnabled)
                    .limit(2)
                    .toList();
            tenant = firstTwo.size() == 1 ? firstTwo.get(0) : byDomain(organizations, user.getEmail());
            if (tenant != null && !tenant.isMember(user)) {
                tenant = null;
            }
        }
        return tenant == null && email == null
                ? Optional.empty()
                : Optional.of(new LoginTenantSource.Hint(tenant, email));
    }

    private static LoginTenantSource.Hint sourced(
            KeycloakSession session, AuthenticationSessionModel authSession, List<LoginTenantSource> sources) {
        for (LoginTenantSource source : sources) {
            Optional<LoginTenantSource.Hint> hint = source.hint(session, authSession);
            if (hint.isPresent()) {
                return hint.get();
            }
        }
        return null;
    }

    /** The tenant Keycloak's identity-first organization step resolved for this login (auth note), a hint only. */
    private static OrganizationModel resolvedByKeycloak(
            OrganizationProvider organizations, AuthenticationSessionModel authSession) {
        String resolved = authSession.getAuthNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        return resolved == null ? null : enabled(organizations.getById(resolved));
    }

    /** The ONE tenant named by {@code scope=organization:<alias>}: the client's request, not the user's memberships. */
    private static OrganizationModel requested(
            OrganizationProvider organizations, AuthenticationSessionModel authSession) {
        List<String> requested = RequestedTenants.inScope(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        return requested.size() == 1 ? enabled(organizations.getByAlias(requested.get(0))) : null;
    }

    private static OrganizationModel byDomain(OrganizationProvider organizations, String email) {
        String domain = email == null ? null : Organizations.getEmailDomain(email);
        if (domain == null) {
            return null;
        }
        try {
            return enabled(organizations.getByDomainName(domain));
        } catch (ModelValidationException invalidDomain) {
            return null; // a typed or hinted address such as "a@acme.te@st" names no tenant
        }
    }

    private static OrganizationModel enabled(OrganizationModel tenant) {
        return tenant != null && tenant.isEnabled() ? tenant : null;
    }
}

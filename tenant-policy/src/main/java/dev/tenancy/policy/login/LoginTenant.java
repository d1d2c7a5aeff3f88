package dev.tenancy.policy.login;

import dev.tenancy.context.FirstFactor;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The tenant a browser login is entering: the choice of the "Tenant selection" step (or Keycloak's picker), kept as
 * the client note {@code kc.org}, else the request's organization context. Null when the login names no tenant, and
 * null until the user has passed the first factor ({@link FirstFactor}): before that, the context may hold what
 * Keycloak's identity-first step derived from the typed name's memberships, and a policy step acting on it (a second
 * factor asked for before the password) would disclose them. The policy steps belong after "Tenant selection", where
 * the user is authenticated; the token guard ({@code TenantPolicyTokenPostProcessor}) enforces the second-factor rule
 * whatever the flow.
 */
final class LoginTenant {

    private LoginTenant() {
    }

    static OrganizationModel of(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!Organizations.isEnabled(session) || !FirstFactor.passed(authSession)) {
            return null;
        }
        String tenantId = authSession.getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        OrganizationModel tenant = tenantId == null ? session.getContext().getOrganization()
                : Organizations.getProvider(session).getById(tenantId);
        return tenant != null && tenant.isEnabled() ? tenant : null;
    }
}

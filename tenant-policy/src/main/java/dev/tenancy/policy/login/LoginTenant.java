package dev.tenancy.policy.login;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.utils.Organizations;

/**
 * The tenant a browser login is entering: the choice of the "Tenant selection" step (or Keycloak's picker), kept as
 * the client note {@code kc.org}, else the request's organization context. Null when the login names no tenant.
 */
final class LoginTenant {

    private LoginTenant() {
    }

    static OrganizationModel of(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        if (!Organizations.isEnabled(session)) {
            return null;
        }
        String tenantId = context.getAuthenticationSession().getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        OrganizationModel tenant = tenantId == null ? session.getContext().getOrganization()
                : Organizations.getProvider(session).getById(tenantId);
        return tenant != null && tenant.isEnabled() ? tenant : null;
    }
}

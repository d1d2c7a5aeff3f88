package dev.tenancy.context;

import java.util.List;
import java.util.Optional;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.protocol.mappers.oidc.OrganizationScope;
import org.keycloak.organization.utils.Organizations;

/**
 * Resolves the ONE active tenant of the token being issued.
 *
 * <p>Where it comes from (see docs/ARCHITECTURE.md, "Where state lives"): Keycloak keeps the organization of a token
 * chain in the refresh token's {@code organization} claim and, while a request is served, in
 * {@link org.keycloak.models.KeycloakContext#getOrganization()}; the refresh grant puts the claim back into the
 * context ({@code TokenManager.validateSelectedOrganization}) after re-checking membership. We read the context first,
 * so a chain keeps its tenant whatever another tab of the same SSO session chose (the client-session note
 * {@code kc.org} is shared by all tabs, so it is read only at the code exchange that ends the login which set it). At the first token of a chain the context
 * may be empty; then the requested {@code organization} scope decides, or, for a user with exactly one tenant, that
 * tenant; at the code exchange, the tenant chosen in the login (client note {@code kc.org}). Whatever is chosen is written back into the context so that Keycloak's token post-processor stores it in
 * the new refresh token.</p>
 */
public final class ActiveTenant {

    private ActiveTenant() {}

    public static Optional<OrganizationModel> resolve(
            KeycloakSession session, UserModel user, ClientSessionContext clientSessionCtx) {
        if (user == null || !Organizations.isEnabled(session)) {
            return Optional.empty();
        }
        OrganizationModel selected = session.getContext().getOrganization();
        if (selected == null) {
            selected = fromRequestedScope(session, user, clientSessionCtx);
        }
        if (selected == null) {
            selected = chosenAtLogin(session, clientSessionCtx);
        }
        if (selected == null) {
            selected = onlyTenantOf(session, user);
        }
        if (selected == null || !selected.isEnabled() || !selected.isMember(user)) {
            return Optional.empty();
        }
        session.getContext().setOrganization(selected);
        return Optional.of(selected);
    }

    private static OrganizationModel fromRequestedScope(
            KeycloakSession session, UserModel user, ClientSessionContext clientSessionCtx) {
        String rawScopes = clientSessionCtx.getScopeString(true);
        OrganizationScope scope = OrganizationScope.valueOfScope(session, rawScopes);
        if (scope == null || scope == OrganizationScope.ALL) {
            return null; // "organization:*" names no single tenant
        }
        List<OrganizationModel> resolved =
                scope.resolveOrganizations(user, rawScopes, session).limit(2).toList();
        return resolved.size() == 1 ? resolved.get(0) : null;
    }

    /**
     * At the code exchange only: the tenant chosen during THIS login (Keycloak's picker or our "Tenant selection"
     * step), kept as the client note {@code kc.org}. Later tokens of the chain never read the note, because another
     * tab of the same SSO session may have overwritten it since.
     */
    private static OrganizationModel chosenAtLogin(KeycloakSession session, ClientSessionContext clientSessionCtx) {
        if (!OAuth2Constants.AUTHORIZATION_CODE.equals(
                clientSessionCtx.getAttribute(Constants.GRANT_TYPE, String.class))) {
            return null;
        }
        String tenantId = clientSessionCtx.getClientSession().getNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        return tenantId == null ? null : Organizations.getProvider(session).getById(tenantId);
    }

    private static OrganizationModel onlyTenantOf(KeycloakSession session, UserModel user) {
        OrganizationProvider organizations = Organizations.getProvider(session);
        List<OrganizationModel> firstTwo = organizations
                .getByMember(user)
                .filter(OrganizationModel::isEnabled)
                .limit(2)
                .toList();
        return firstTwo.size() == 1 ? firstTwo.get(0) : null;
    }
}

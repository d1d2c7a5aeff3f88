package dev.tenancy.admin.invitation;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.google.auto.service.AutoService;
import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.context.LoginTenantSource;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The tenant of a login that follows an invitation link: the login of client
 * {@value TenancyClients#INVITATIONS_CLIENT_ID}, whose redirect URI is the link itself
 * ({@code .../tenants/invitations/accept?key=<id>.<secret>}). Only a pending invitation with the right secret of an
 * enabled tenant counts; the hint carries the invited e-mail, for the registration form.
 */
@AutoService(LoginTenantSource.class)
public class InvitationLoginTenantSource implements LoginTenantSource {

    @Override
    public Optional<Hint> hint(KeycloakSession session, AuthenticationSessionModel authSession) {
        ClientModel client = authSession == null ? null : authSession.getClient();
        if (client == null || !TenancyClients.INVITATIONS_CLIENT_ID.equals(client.getClientId())) {
            return Optional.empty();
        }
        String key = keyOf(authSession.getRedirectUri());
        if (key == null) {
            return Optional.empty();
        }
        return new Invitations(session).findByKey(authSession.getRealm(), key)
                .filter(invitation -> Invitations.statusOf(invitation) == Invitations.Status.PENDING)
                .flatMap(invitation -> {
                    OrganizationModel tenant = Organizations.getProvider(session).getById(invitation.getOrganizationId());
                    return tenant != null && tenant.isEnabled()
                            ? Optional.of(new Hint(tenant, invitation.getEmail())) : Optional.empty();
                });
    }

    /** The {@code key} query parameter of the invitation link, or null. */
    static String keyOf(String redirectUri) {
        if (redirectUri == null) {
            return null;
        }
        try {
            String query = URI.create(redirectUri).getRawQuery();
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                if (pair.startsWith("key=")) {
                    return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package dev.tenancy.admin.invitation;

import com.google.auto.service.AutoService;
import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.context.LoginTenantSource;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The tenant of a login that follows an invitation link: the login of client
 * {@value TenancyClients#INVITATIONS_CLIENT_ID} that the invitation page starts with the link key as the parameter
 * {@value InvitationSignIn#KEY_PARAMETER} (kept by Keycloak as a note of the authentication session). Only a pending
 * invitation with the right secret of an enabled tenant counts; the hint carries the invited e-mail, for the
 * registration form.
 */
@AutoService(LoginTenantSource.class)
public class InvitationLoginTenantSource implements LoginTenantSource {

    @Override
    public Optional<Hint> hint(KeycloakSession session, AuthenticationSessionModel authSession) {
        ClientModel client = authSession == null ? null : authSession.getClient();
        if (client == null || !TenancyClients.INVITATIONS_CLIENT_ID.equals(client.getClientId())) {
            return Optional.empty();
        }
        String key = authSession.getClientNote(InvitationSignIn.KEY_NOTE);
        if (key == null) {
            return Optional.empty();
        }
        return new Invitations(session)
                .findByKey(authSession.getRealm(), key)
                .filter(invitation -> Invitations.statusOf(invitation) == Invitations.Status.PENDING)
                .flatMap(invitation -> {
                    OrganizationModel tenant =
                            Organizations.getProvider(session).getById(invitation.getOrganizationId());
                    return tenant != null && tenant.isEnabled()
                            ? Optional.of(new Hint(tenant, invitation.getEmail()))
                            : Optional.empty();
                });
    }
}

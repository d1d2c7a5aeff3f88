package dev.tenancy.admin.resource;

import dev.tenancy.admin.bootstrap.TenancyClients;
import dev.tenancy.admin.invitation.InvitationEntity;
import dev.tenancy.admin.invitation.InvitationSignIn;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Where Accept (or "verify my e-mail") sends the browser: Keycloak's login for the invitee (client
 * {@value TenancyClients#INVITATIONS_CLIENT_ID}, PKCE S256, {@code login_hint} = the invited e-mail), remembering in
 * the cookie {@value InvitationCookies#SIGN_IN} what the callback needs. {@code prompt=create} (the registration page)
 * when no user has that e-mail and the realm allows registration; {@code prompt=login} when this browser's SSO session
 * is someone else's; otherwise an SSO session of the invitee signs in without a prompt.
 */
final class InvitationLoginRedirect {

    /** Keycloak's required action that verifies the e-mail address by a mailed link. */
    static final String VERIFY_EMAIL_ACTION = "VERIFY_EMAIL";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final InvitationCookies cookies;

    InvitationLoginRedirect(KeycloakSession session, RealmModel realm, InvitationCookies cookies) {
        this.session = session;
        this.realm = realm;
        this.cookies = cookies;
    }

    /**
     * Re-applies the required settings of the invitations client first
     * ({@link TenancyClients#ensureInvitationsClient}), so a client loosened by hand is not used as such (a no-op when
     * nothing differs).
     *
     * @param action null, or a required action ({@value #VERIFY_EMAIL_ACTION}) to run as {@code kc_action}
     */
    Response to(InvitationEntity invitation, String key, String action) {
        TenancyClients.ensureInvitationsClient(realm);
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        boolean signedInAsSomeoneElse = auth != null && !InvitationAcceptance.invitedAddress(invitation, auth.user());
        String prompt = null;
        if (action == null
                && session.users().getUserByEmail(realm, invitation.getEmail()) == null
                && realm.isRegistrationAllowed()) {
            prompt = "create";
        } else if (signedInAsSomeoneElse) {
            prompt = "login";
        }
        PendingSignIn pending =
                new PendingSignIn(key, InvitationSignIn.random(), InvitationSignIn.random(), Time.currentTimeMillis());
        URI login = new InvitationSignIn(session)
                .authorizationRequest(key, invitation.getEmail(), pending.state(), pending.verifier(), prompt, action);
        return Response.status(Response.Status.FOUND)
                .location(login)
                .cookie(cookies.signIn(pending))
                .build();
    }
}

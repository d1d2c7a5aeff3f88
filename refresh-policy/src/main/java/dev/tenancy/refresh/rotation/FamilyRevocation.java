package dev.tenancy.refresh.rotation;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

/**
 * Revokes what a detected replay ends, in a transaction of its own: the replaying request fails, and whatever becomes
 * of its transaction, the revocation must stay. The request's own transaction holds no session changes at this point
 * (the decision is taken before anything is written), so the two never touch the same rows.
 */
final class FamilyRevocation {

    private static final Logger LOG = Logger.getLogger(FamilyRevocation.class);

    private FamilyRevocation() {}

    /**
     * @param userSessionId the session of the replayed token (an offline session for an offline token)
     * @param offline       whether the replayed token is an offline token
     */
    static void revoke(
            KeycloakSession session,
            ReplayScope scope,
            String userSessionId,
            boolean offline,
            ClientModel client,
            String userId,
            UriInfo uriInfo,
            ClientConnection connection,
            HttpHeaders headers) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), s -> {
                RealmModel realm = s.getContext().getRealm();
                switch (scope) {
                    case CLIENT_SESSION ->
                        revokeClientSession(s, realm, userSessionId, offline, client, uriInfo, headers);
                    case USER_SESSION ->
                        logout(s, realm, userSession(s, realm, userSessionId, offline), uriInfo, connection, headers);
                    case ALL_USER_SESSIONS -> revokeAllSessions(s, realm, userId, uriInfo, connection, headers);
                }
            });
        } catch (RuntimeException e) {
            // The replay is refused whatever happens here; an operator has to finish the revocation by hand.
            LOG.errorf(
                    e,
                    "Refresh token replay in realm %s: revoking %s of user session %s failed",
                    client.getRealm().getName(),
                    scope.value(),
                    userSessionId);
        }
    }

    private static UserSessionModel userSession(KeycloakSession s, RealmModel realm, String id, boolean offline) {
        return offline
                ? new UserSessionManager(s).findOfflineUserSession(realm, id)
                : s.sessions().getUserSession(realm, id);
    }

    private static void revokeClientSession(
            KeycloakSession s,
            RealmModel realm,
            String userSessionId,
            boolean offline,
            ClientModel client,
            UriInfo uriInfo,
            HttpHeaders headers) {
        UserSessionModel userSession = userSession(s, realm, userSessionId, offline);
        if (userSession == null) {
            return;
        }
        ClientModel clientInTx = s.clients().getClientById(realm, client.getId());
        if (offline) {
            new UserSessionManager(s)
                    .removeClientFromOfflineUserSession(realm, userSession, clientInTx, userSession.getUser());
        } else {
            // Tells the client through its backchannel logout URL (if it has one), then detaches its client session.
            AuthenticationManager.backchannelLogoutUserSessionFromClient(
                    s, realm, userSession, clientInTx, uriInfo, headers);
        }
    }

    private static void logout(
            KeycloakSession s,
            RealmModel realm,
            UserSessionModel userSession,
            UriInfo uriInfo,
            ClientConnection connection,
            HttpHeaders headers) {
        if (userSession != null) {
            // For an offline session this also removes the online session of the same login.
            AuthenticationManager.backchannelLogout(s, realm, userSession, uriInfo, connection, headers, true);
        }
    }

    private static void revokeAllSessions(
            KeycloakSession s,
            RealmModel realm,
            String userId,
            UriInfo uriInfo,
            ClientConnection connection,
            HttpHeaders headers) {
        UserModel user = s.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        if (!LightweightUserAdapter.isLightweightUser(user)) {
            // As the admin console's "Sign out" of a user: every token issued before now is stale, whatever session.
            s.users().setNotBeforeForUser(realm, user, (int) Time.currentTimeSeconds());
        }
        List<UserSessionModel> online =
                s.sessions().getUserSessionsStream(realm, user).toList();
        online.forEach(userSession -> logout(s, realm, userSession, uriInfo, connection, headers));
        UserSessionManager sessions = new UserSessionManager(s);
        sessions.findOfflineSessionsStream(realm, user).toList().forEach(sessions::revokeOfflineUserSession);
    }
}

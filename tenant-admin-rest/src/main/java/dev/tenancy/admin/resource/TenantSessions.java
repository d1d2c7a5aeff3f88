package dev.tenancy.admin.resource;

import dev.tenancy.admin.representation.SessionRepresentation;
import dev.tenancy.context.session.TenantChains;
import dev.tenancy.context.session.TenantSessionEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A member's activity IN ONE TENANT: the token chains of the member's Keycloak (user) sessions that act in this
 * tenant ({@link TenantChains}), listed and ended for the tenant API. Chains of other tenants, and tenant-less ones,
 * are neither shown nor ended. Ending, per user session:
 * <ul>
 *   <li>every chain of the user session is in this tenant: Keycloak's logout of the user session (backchannel logout
 *       to its clients), as before;</li>
 *   <li>otherwise the user session stays for the other chains: the client sessions whose chains are all in this
 *       tenant are logged out of (backchannel logout to that client, the client session detached), this tenant's
 *       chains of shared client sessions are forgotten, and the user session notes the end
 *       ({@link TenantSessionEnd}): this tenant's refresh tokens issued until now are refused, and the tenant is
 *       entered again from this session only after a new authentication.</li>
 * </ul>
 * Offline sessions are not touched. This class is the tenant API's one use of Keycloak's internal logout
 * ({@link AuthenticationManager}).
 */
final class TenantSessions {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel tenant;

    TenantSessions(KeycloakSession session, OrganizationModel tenant) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.tenant = tenant;
    }

    /**
     * The member's user sessions with a chain in this tenant, each showing only that: the clients of those chains,
     * the earliest start of their client sessions and their latest activity (to
     * {@link TenantChains#SEEN_RESOLUTION_SECONDS}).
     * The IP address (of the SSO login) only when every chain of the user session is in this tenant, since it may
     * be where the user signed in for another tenant.
     */
    List<SessionRepresentation> list(UserModel user) {
        List<SessionRepresentation> result = new ArrayList<>();
        session.sessions().getUserSessionsStream(realm, user).forEach(userSession -> {
            Reach reach = reach(userSession);
            if (reach.chains == 0) {
                return;
            }
            String ipAddress = reach.onlyHere ? userSession.getIpAddress() : null;
            result.add(new SessionRepresentation(
                    userSession.getId(),
                    ipAddress,
                    reach.started,
                    reach.lastAccess,
                    userSession.isRememberMe(),
                    List.copyOf(reach.clients),
                    reach.chains));
        });
        return result;
    }

    /** Ends the member's chains in this tenant; returns how many user sessions had any. */
    long end(UserModel user) {
        KeycloakContext context = session.getContext();
        int now = Time.currentTime();
        long ended = 0;
        for (UserSessionModel userSession :
                session.sessions().getUserSessionsStream(realm, user).toList()) {
            Reach reach = reach(userSession);
            if (reach.chains == 0) {
                continue;
            }
            ended++;
            if (reach.onlyHere) {
                AuthenticationManager.backchannelLogout(
                        session,
                        realm,
                        userSession,
                        context.getUri(),
                        context.getConnection(),
                        context.getRequestHeaders(),
                        true);
                continue;
            }
            TenantSessionEnd.mark(userSession, tenant.getId(), now);
            for (AuthenticatedClientSessionModel clientSession : reach.wholly) {
                AuthenticationManager.backchannelLogoutUserSessionFromClient(
                        session,
                        realm,
                        userSession,
                        clientSession.getClient(),
                        context.getUri(),
                        context.getRequestHeaders());
            }
            for (AuthenticatedClientSessionModel clientSession : reach.partly) {
                TenantChains.forget(clientSession, tenant.getId());
            }
        }
        return ended;
    }

    /** What of one user session is this tenant's. */
    private static final class Reach {
        int chains;
        boolean onlyHere = true;
        long started = Long.MAX_VALUE;
        long lastAccess;
        final TreeSet<String> clients = new TreeSet<>();
        /** Client sessions whose chains are all in this tenant, and those that also hold chains elsewhere. */
        final List<AuthenticatedClientSessionModel> wholly = new ArrayList<>();

        final List<AuthenticatedClientSessionModel> partly = new ArrayList<>();
    }

    private Reach reach(UserSessionModel userSession) {
        Reach reach = new Reach();
        for (Map.Entry<String, AuthenticatedClientSessionModel> entry :
                userSession.getAuthenticatedClientSessions().entrySet()) {
            AuthenticatedClientSessionModel clientSession = entry.getValue();
            List<TenantChains.Chain> chains = TenantChains.of(clientSession);
            List<TenantChains.Chain> here =
                    chains.stream().filter(c -> c.isIn(tenant.getId())).toList();
            if (here.size() < chains.size()) {
                reach.onlyHere = false;
            }
            if (here.isEmpty()) {
                continue;
            }
            reach.chains += here.size();
            reach.clients.add(clientSession.getClient().getClientId());
            reach.started = Math.min(reach.started, clientSession.getStarted());
            for (TenantChains.Chain chain : here) {
                reach.lastAccess = Math.max(reach.lastAccess, chain.lastSeen());
            }
            (here.size() == chains.size() ? reach.wholly : reach.partly).add(clientSession);
        }
        return reach;
    }
}

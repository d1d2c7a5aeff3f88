package dev.tenancy.context.session;

import dev.tenancy.context.TenancyConventions;
import java.util.Collection;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.util.TokenUtil;

/**
 * A tenant admin ended a member's activity in ONE tenant while the member's SSO (user) session also serves another
 * tenant. The user session stays; it remembers the end as a note (Keycloak's session store: shared by the cluster,
 * persisted with the session, gone with it):
 *
 * <pre>tenancy.ended.&lt;tenant id&gt; = "&lt;epoch seconds&gt;"</pre>
 *
 * Two rules follow from the note, so that nothing issued before the end yields a token in that tenant again:
 * <ol>
 *   <li>{@link #checkRefresh}: a refresh token of a chain in that tenant issued at or before the end is refused
 *       ({@code invalid_grant}): the ended chains are dead for good, also after a new login;</li>
 *   <li>{@link #mayEnter}: no token for that tenant is issued from this user session (any grant: the code exchange of
 *       an SSO re-entry, a switch into it, a refresh) until the user authenticated again after the end (Keycloak's
 *       user-session note {@code AUTH_TIME}, renewed by every login that is not an SSO re-entry).</li>
 * </ol>
 * Chains of other tenants in the same user session are untouched. Offline sessions are not affected (the tenant API
 * never ended them).
 */
public final class TenantSessionEnd {

    /** Prefix of the user-session notes; the tenant's organization id follows. */
    public static final String NOTE_PREFIX = TenancyConventions.ATTRIBUTE_PREFIX + "ended.";

    /** Event detail {@code tenancy_reason} of a token refused by either rule. */
    public static final String REASON = "tenant_sessions_ended";

    private TenantSessionEnd() {}

    /** Records that {@code tenantId} ended its chains in this user session at {@code now} (epoch seconds). */
    public static void mark(UserSessionModel userSession, String tenantId, int now) {
        userSession.setNote(NOTE_PREFIX + tenantId, Integer.toString(now));
    }

    /** When {@code tenantId} ended its chains in this user session (epoch seconds), or 0 if it never did. */
    public static int endedAt(UserSessionModel userSession, String tenantId) {
        String note = userSession.getNote(NOTE_PREFIX + tenantId);
        if (note == null) {
            return 0;
        }
        try {
            return Integer.parseInt(note);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a damaged note ends the tenant's entry rather than reopening it
        }
    }

    /**
     * Whether this user session may hold tokens for {@code tenantId}: the tenant never ended its chains here, or the
     * user authenticated after it did (a second within the end counts as before it).
     */
    public static boolean mayEnter(UserSessionModel userSession, String tenantId) {
        if (userSession == null || userSession.isOffline() || tenantId == null) {
            return true;
        }
        int ended = endedAt(userSession, tenantId);
        return ended == 0 || authenticatedAt(userSession) > ended;
    }

    /**
     * Refuses the refresh of a chain that its tenant ended: the presented token (before any switch re-points it) acts
     * in a tenant that ended its chains in this user session at or after the token was issued.
     *
     * @throws OAuthErrorException {@code invalid_grant}: the client must sign the user in again
     */
    public static void checkRefresh(KeycloakSession session, RefreshToken presented, EventBuilder event)
            throws OAuthErrorException {
        if (presented.getSessionId() == null
                || TokenUtil.TOKEN_TYPE_OFFLINE.equals(presented.getType())
                || presented.getIat() == null
                || !Organizations.isEnabled(session)) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        UserSessionModel userSession = session.sessions().getUserSession(realm, presented.getSessionId());
        if (userSession == null) {
            return; // Keycloak's own validation refuses it next
        }
        OrganizationModel tenant = tenantOf(session, presented);
        if (tenant == null) {
            return;
        }
        int ended = endedAt(userSession, tenant.getId());
        if (ended != 0 && presented.getIat() <= ended) {
            if (event != null) {
                event.detail(TenancyConventions.EventDetails.TENANT, tenant.getAlias())
                        .detail(TenancyConventions.EventDetails.REASON, REASON);
            }
            throw new OAuthErrorException(
                    OAuthErrorException.INVALID_GRANT,
                    "The session in tenant '" + tenant.getAlias() + "' was ended by an administrator; sign in again");
        }
    }

    /** The chain's tenant as the token carries it: {@code tenancy_tid}, else Keycloak's {@code organization} claim. */
    private static OrganizationModel tenantOf(KeycloakSession session, RefreshToken token) {
        Object tenantId = token.getOtherClaims().get(TenancyConventions.ACTIVE_TENANT_CLAIM);
        if (tenantId instanceof String id) {
            return Organizations.getProvider(session).getById(id);
        }
        Object alias = token.getOtherClaims().get(OAuth2Constants.ORGANIZATION);
        if (alias instanceof Collection<?> aliases && aliases.size() == 1) {
            alias = aliases.iterator().next();
        }
        return alias instanceof String single
                ? Organizations.getProvider(session).getByAlias(single)
                : null;
    }

    private static int authenticatedAt(UserSessionModel userSession) {
        String authTime = userSession.getNote(AuthenticationManager.AUTH_TIME);
        if (authTime == null) {
            return userSession.getStarted();
        }
        try {
            return Integer.parseInt(authTime);
        } catch (NumberFormatException e) {
            return userSession.getStarted();
        }
    }
}

package dev.tenancy.refresh.rotation;

import dev.tenancy.context.SessionLimits;
import dev.tenancy.context.TenancyConventions;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

/**
 * The rotation of ONE refresh request: created by the refresh-token adapter when the request starts, consulted at
 * each step of Keycloak's refresh, and committed by the token post-processor when the response is built.
 *
 * <ol>
 *   <li>{@link #lockFamily()}: before Keycloak loads the user session, wait until no other refresh of this family is
 *       in progress anywhere in the cluster;</li>
 *   <li>{@link #decide}: with the user and client session validated by Keycloak, read the family's committed state and
 *       decide ({@link RotationDecision}); a replay revokes and fails here, before anything is written;</li>
 *   <li>{@link #enforceLifetime}: end a family past its lifespan or its tenant's session limits;</li>
 *   <li>{@link #issuedTokenId} / {@link #issuedGeneration}: what the new refresh token carries (a grace response
 *       re-issues the current head's id, so the family never has two heads);</li>
 *   <li>{@link #commit}: as late as possible (the last token post-processor), move the head; this write is the only
 *       one, it is undone if the transaction fails (see {@link FamilyLock}).</li>
 * </ol>
 */
public final class FamilyRotation {

    private static final Logger LOG = Logger.getLogger(FamilyRotation.class);

    private static final String REQUEST_ATTRIBUTE = "tenancy.refresh.family-rotation";

    /** Event detail: what this refresh did to its family ({@code start}, {@code rotate}, {@code grace}, {@code off}). */
    public static final String ROTATION_DETAIL = "tenancy_rotation";
    /** Event detail of a replay: the revoked scope ({@link ReplayScope#value()}). */
    public static final String REVOKED_DETAIL = "tenancy_revoked";

    public static final String REPLAY_REASON = "refresh_token_replay";
    public static final String REPLAY_DESCRIPTION = "Refresh token replay detected";

    private final KeycloakSession session;
    private final RefreshToken presented;
    private final String familyId;
    private final RotationPolicy policy;
    private final long arrivedAtMillis;
    private FamilyLock lock;
    private RotationDecision decision;
    private FamilyState state;
    private AuthenticatedClientSessionModel clientSession;
    private SessionLimits limits = SessionLimits.NONE;
    private long familyStartedAt;

    private FamilyRotation(
            KeycloakSession session,
            RefreshToken presented,
            String familyId,
            RotationPolicy policy,
            long arrivedAtMillis) {
        this.session = session;
        this.presented = presented;
        this.familyId = familyId;
        this.policy = policy;
        this.arrivedAtMillis = arrivedAtMillis;
    }

    /**
     * Starts the rotation of this request.
     *
     * @param policy          the request's policy, {@code null} for none (then nothing rotates)
     * @param arrivedAtMillis when the request was received: what tells a request in flight during a rotation from a replay
     */
    public static FamilyRotation begin(
            KeycloakSession session,
            RefreshToken presented,
            String familyId,
            RotationPolicy policy,
            long arrivedAtMillis) {
        FamilyRotation rotation = new FamilyRotation(session, presented, familyId, policy, arrivedAtMillis);
        session.setAttribute(REQUEST_ATTRIBUTE, rotation);
        return rotation;
    }

    /** The rotation of the current request, or {@code null} outside a refresh served by the adapter. */
    public static FamilyRotation of(KeycloakSession session) {
        return session.getAttribute(REQUEST_ATTRIBUTE, FamilyRotation.class);
    }

    public boolean rotates() {
        return policy != null && policy.rotation();
    }

    public RefreshToken presented() {
        return presented;
    }

    public void lockFamily() throws OAuthErrorException {
        if (rotates() && lock == null) {
            lock = FamilyLock.acquire(session, presented.getSessionId(), familyId);
        }
    }

    /**
     * Decides what the refresh does with the presented token. Without rotation it only drops a state left from a
     * time the client had rotation on (a later re-enable must not judge tokens by it).
     *
     * @param user the token's user, {@code userSession} its session and {@code refreshed} its client session, as
     *        Keycloak validated them (the adapter takes them from Keycloak's internal {@code TokenValidation})
     * @throws OAuthErrorException {@code invalid_grant} for a replay (after revoking), a token rotated by a concurrent
     *         request (no grace) and a family whose state is gone
     */
    public void decide(
            UserModel user,
            UserSessionModel userSession,
            AuthenticatedClientSessionModel refreshed,
            RealmModel realm,
            EventBuilder event,
            UriInfo uriInfo,
            ClientConnection connection,
            HttpHeaders headers)
            throws OAuthErrorException {
        clientSession = refreshed;
        String noteKey = FamilyState.noteKey(familyId);
        String note = clientSession.getNote(noteKey);
        event.detail(TenancyConventions.EventDetails.FAMILY_ID, familyId);
        if (!rotates()) {
            if (note != null) {
                clientSession.removeNote(noteKey);
            }
            event.detail(ROTATION_DETAIL, "off");
            return;
        }
        state = FamilyState.decode(note);
        decision = RotationDecision.decide(
                presented.getId(), FamilyClaims.generation(presented), state, arrivedAtMillis, policy.graceMillis());
        switch (decision) {
            case REPLAY -> {
                event.user(user)
                        .detail(TenancyConventions.EventDetails.REASON, REPLAY_REASON)
                        .detail(REVOKED_DETAIL, policy.replayRevokes().value());
                LOG.warnf(
                        "Refresh token replay detected: realm %s, client %s, user %s, session %s, family %s, from %s; "
                                + "revoking %s",
                        realm.getName(),
                        clientSession.getClient().getClientId(),
                        user.getId(),
                        userSession.getId(),
                        familyId,
                        connection.getRemoteAddr(),
                        policy.replayRevokes().value());
                FamilyRevocation.revoke(
                        session,
                        policy.replayRevokes(),
                        userSession.getId(),
                        userSession.isOffline(),
                        clientSession.getClient(),
                        user.getId(),
                        uriInfo,
                        connection,
                        headers);
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, REPLAY_DESCRIPTION);
            }
            case REJECT_CONCURRENT -> {
                event.user(user).detail(TenancyConventions.EventDetails.REASON, "refresh_token_rotated_concurrently");
                throw new OAuthErrorException(
                        OAuthErrorException.INVALID_GRANT, "Refresh token was already rotated by a concurrent request");
            }
            case UNTRACKED -> {
                event.user(user).detail(TenancyConventions.EventDetails.REASON, "refresh_token_family_untracked");
                throw new OAuthErrorException(
                        OAuthErrorException.INVALID_GRANT, "Refresh token family is no longer tracked; sign in again");
            }
            default -> {
                event.detail(ROTATION_DETAIL, decision.name().toLowerCase(Locale.ROOT));
                if (realm.isRevokeRefreshToken()) {
                    passRealmReuseCheck();
                }
            }
        }
    }

    /**
     * With the realm's "Revoke Refresh Token" on, Keycloak counts uses per token in client-session notes and would
     * count a grace response as a reuse. The adapter removed the {@code reuse_id} claim from the presented token, so
     * Keycloak keys its count on "" for this request; marking the presented token as unused makes its check pass.
     * This family's replay detection is ours.
     */
    private void passRealmReuseCheck() {
        clientSession.setRefreshToken("", presented.getId());
        clientSession.setRefreshTokenUseCount("", 0);
    }

    /**
     * Ends the family if it is past {@code limits} (the policy's family lifespan and the tenant's session limits),
     * and remembers them to cap the expiry of the token this response returns.
     *
     * @param familyStartedAt epoch seconds
     * @throws OAuthErrorException {@code invalid_grant} when the family has ended
     */
    public void enforceLifetime(SessionLimits limits, long familyStartedAt, EventBuilder event)
            throws OAuthErrorException {
        this.limits = limits;
        this.familyStartedAt = familyStartedAt;
        SessionLimits.Expiry expiry = limits.expiry(Time.currentTimeSeconds(), familyStartedAt, presented.getIat());
        if (expiry != null) {
            event.detail(TenancyConventions.EventDetails.REASON, expiry.reason());
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, expiry.description());
        }
    }

    /** The expiry (epoch seconds) for the token this response returns, given the one Keycloak computed. */
    public Long cappedExpiry(Long keycloakExpiry) {
        return limits.isNone()
                ? keycloakExpiry
                : limits.capExpiry(keycloakExpiry, Time.currentTimeSeconds(), familyStartedAt);
    }

    public long familyStartedAt() {
        return familyStartedAt;
    }

    public String familyId() {
        return familyId;
    }

    /** The id of the refresh token this response returns: a grace response re-issues the current head. */
    public String issuedTokenId(String generatedId) {
        return decision == RotationDecision.GRACE ? state.head() : generatedId;
    }

    /** The rotation generation of the refresh token this response returns. */
    public int issuedGeneration() {
        return rotates() ? FamilyClaims.generation(presented) + 1 : 0;
    }

    public boolean isOffline() {
        return TokenUtil.TOKEN_TYPE_OFFLINE.equals(presented.getType());
    }

    /**
     * Moves the family's head to {@code issued}, the refresh token of the response being built. Nothing happens for
     * a grace response, or when the response carries no refresh token (a client without refresh tokens, or a policy
     * that suppresses them): then the presented token stays the head.
     */
    public void commit(RefreshToken issued) {
        if (decision == null || !decision.advancesFamily() || issued == null || lock == null) {
            return;
        }
        if (decision == RotationDecision.START) {
            for (String evicted :
                    FamilyState.evictable(clientSession.getNotes(), FamilyState.MAX_FAMILIES_PER_CLIENT_SESSION)) {
                lock.setNote(clientSession, evicted, null);
            }
        }
        FamilyState next = FamilyState.rotated(presented.getId(), issued.getId(), Time.currentTimeMillis());
        lock.setNote(clientSession, FamilyState.noteKey(familyId), next.encode());
    }
}

package dev.tenancy.refresh.rotation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Serializes the refreshes of ONE token family across the cluster, and undoes this request's family-state writes if
 * its transaction fails.
 *
 * <p>The lock is an entry in Keycloak's single-use-object store ({@code putIfAbsent} is atomic across the cluster and
 * needs no JVM state), taken BEFORE the user session is loaded, so the state read under the lock is what the previous
 * holder committed. It is released after the request's transaction completed (an after-completion transaction, as
 * Keycloak's own refresh lock does), so the next holder sees this request's commit.</p>
 *
 * <p>Why the undo: client-session notes are changed in place in the session cache as soon as they are set, and a
 * rolled-back transaction does not restore them (Keycloak #49213). A family whose head moved in a failed request
 * would treat the client's retry with the still-valid token as a replay. On rollback this lock therefore restores the
 * notes it recorded, in a transaction of its own, before it releases the family.</p>
 */
final class FamilyLock extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(FamilyLock.class);

    private static final String KEY_PREFIX = "tenancy.rt.lock:";
    /** Upper bound of one refresh; an entry left by a crashed node blocks its family at most this long. */
    static final int LOCK_SECONDS = 60;
    /** How long a refresh waits for the family before it gives up. */
    static final long WAIT_MILLIS = 10_000;

    private static final long MAX_BACKOFF_MILLIS = 50;

    private final KeycloakSessionFactory factory;
    private final String key;
    private final Map<String, String[]> noteChanges = new LinkedHashMap<>();
    private String realmId;
    private String userSessionId;
    private boolean offline;
    private String clientUuid;

    private FamilyLock(KeycloakSessionFactory factory, String key) {
        this.factory = factory;
        this.key = key;
    }

    /**
     * Waits (with a short randomized backoff) until this request holds the family.
     *
     * @throws OAuthErrorException {@code temporarily_unavailable} when another refresh of the family held it for
     *         {@link #WAIT_MILLIS}
     */
    static FamilyLock acquire(KeycloakSession session, String userSessionId, String familyId)
            throws OAuthErrorException {
        String key = KEY_PREFIX + userSessionId + ":" + familyId;
        long deadline = Time.currentTimeMillis() + WAIT_MILLIS;
        int attempt = 0;
        while (!session.singleUseObjects().putIfAbsent(key, LOCK_SECONDS)) {
            if (Time.currentTimeMillis() >= deadline) {
                throw new OAuthErrorException(
                        "temporarily_unavailable", "Another refresh of this token family is still in progress; retry");
            }
            backoff(++attempt);
        }
        FamilyLock lock = new FamilyLock(session.getKeycloakSessionFactory(), key);
        // The session provider enlists its own transaction first, so that it commits before this one releases.
        session.sessions();
        session.getTransactionManager().enlistAfterCompletion(lock);
        return lock;
    }

    /** Sets a client-session note and remembers its old value for {@link #rollbackImpl()}. */
    void setNote(AuthenticatedClientSessionModel clientSession, String name, String value) {
        remember(clientSession, name, value);
        if (value == null) {
            clientSession.removeNote(name);
        } else {
            clientSession.setNote(name, value);
        }
    }

    private void remember(AuthenticatedClientSessionModel clientSession, String name, String newValue) {
        UserSessionModel userSession = clientSession.getUserSession();
        realmId = clientSession.getRealm().getId();
        userSessionId = userSession.getId();
        offline = userSession.isOffline();
        clientUuid = clientSession.getClient().getId();
        String[] change = noteChanges.get(name);
        String before = change == null ? clientSession.getNote(name) : change[0];
        noteChanges.put(name, new String[] {before, newValue});
    }

    @Override
    protected void commitImpl() {
        release();
    }

    @Override
    protected void rollbackImpl() {
        try {
            if (!noteChanges.isEmpty()) {
                KeycloakModelUtils.runJobInTransaction(factory, this::restoreNotes);
            }
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Could not restore the refresh-token family state of user session %s after a failed request",
                    userSessionId);
        } finally {
            release();
        }
    }

    private void restoreNotes(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        // A new KeycloakSession has no realm in its context, and loading a user session needs one: Keycloak's user
        // cache asks the organization provider whether the user is a managed member, which fails without a realm
        // ("Session not bound to a realm"). Without this line the undo never ran (RefreshDatabaseFailureIT).
        session.getContext().setRealm(realm);
        UserSessionModel userSession = offline
                ? session.sessions().getOfflineUserSession(realm, userSessionId)
                : session.sessions().getUserSession(realm, userSessionId);
        AuthenticatedClientSessionModel clientSession =
                userSession == null ? null : userSession.getAuthenticatedClientSessionByClient(clientUuid);
        if (clientSession == null) {
            return;
        }
        noteChanges.forEach((name, change) -> {
            // Only what this request wrote; a newer value belongs to someone else.
            if (Objects.equals(clientSession.getNote(name), change[1])) {
                if (change[0] == null) {
                    clientSession.removeNote(name);
                } else {
                    clientSession.setNote(name, change[0]);
                }
            }
        });
    }

    private void release() {
        KeycloakModelUtils.runJobInTransaction(
                factory, session -> session.singleUseObjects().remove(key));
    }

    private static void backoff(int attempt) throws OAuthErrorException {
        long bound = Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(attempt, 6));
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextLong(bound));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthErrorException("temporarily_unavailable", "Interrupted while waiting for the token family");
        }
    }
}

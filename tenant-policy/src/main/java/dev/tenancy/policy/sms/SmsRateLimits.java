package dev.tenancy.policy.sms;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Per-user and per-IP limits of SMS sent, in Keycloak's single-use object store (replicated in a cluster; entries
 * expire with their window), never in JVM memory. A window of W seconds allows N messages: the n-th message of the
 * window takes slot {@code key:window:n} with {@code putIfAbsent}, which is atomic across the cluster, so two nodes
 * cannot both take the last slot. Checked BEFORE the gateway is called: a flood never reaches it.
 */
final class SmsRateLimits {

    private static final String PREFIX = "tenancy.sms.rate.";

    private SmsRateLimits() {}

    /**
     * Takes one slot of the user's and one of the IP's current window. Returns false (and the gateway must not be
     * called) when either is full; a slot taken for the user is then not given back, which only errs on the safe side.
     */
    static boolean tryAcquire(KeycloakSession session, String realmId, String userId, String ip, SmsConfig config) {
        return tryAcquire(session.singleUseObjects(), realmId, userId, ip, config, Time.currentTime());
    }

    static boolean tryAcquire(
            SingleUseObjectProvider store, String realmId, String userId, String ip, SmsConfig config, long now) {
        long window = now / config.windowSeconds();
        return take(store, "user:" + realmId + ":" + userId + ":" + window, config.maxPerUser(), config.windowSeconds())
                && take(
                        store,
                        "ip:" + realmId + ":" + (ip == null ? "unknown" : ip) + ":" + window,
                        config.maxPerIp(),
                        config.windowSeconds());
    }

    /**
     * Slots are taken in order and only expire with their window, so the taken ones are a prefix: a binary search
     * with {@code contains} finds the first free slot in log2(limit) reads, then {@code putIfAbsent} takes it (or the
     * next, when another node was quicker). Without the search, the n-th message of a window would cost n writes.
     */
    private static boolean take(SingleUseObjectProvider store, String key, int limit, int windowSeconds) {
        int low = 0;
        int high = limit;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (store.contains(PREFIX + key + ":" + middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for (int slot = low; slot < limit; slot++) {
            if (store.putIfAbsent(PREFIX + key + ":" + slot, windowSeconds)) {
                return true;
            }
        }
        return false;
    }
}

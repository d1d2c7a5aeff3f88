package dev.tenancy.refresh.rotation;

/**
 * What a refresh with rotation on does with the presented token, decided from the family's COMMITTED state (read
 * while holding the family lock, so no other refresh of the family is between the read and the write).
 */
public enum RotationDecision {

    /** The first refresh of a family (its first token, no state yet): issue a new head. */
    START,
    /** The presented token is the head: issue a new head, the presented one becomes the previous one. */
    ROTATE,
    /**
     * The presented token is the immediately previous one, within the grace window (or it was in flight when the
     * family rotated and grace is on): answer with a copy of the CURRENT head (same token id), change nothing.
     */
    GRACE,
    /**
     * The presented token is the immediately previous one, there is no grace window, and its request was in flight
     * when the family rotated (two tabs, a client retry racing the first request): received before the rotation, or
     * so shortly after it ({@link #IN_FLIGHT_MILLIS}) that it was sent before the rotated token could reach anyone.
     * Refused, nothing revoked.
     */
    REJECT_CONCURRENT,
    /** A spent token presented after it was spent, outside the grace window: refused AND the configured scope revoked. */
    REPLAY,
    /**
     * A rotated token (generation above 0) of a family whose state is gone (evicted from the client session, or
     * dropped while rotation was off): refused, nothing revoked, since head and replay can no longer be told apart.
     */
    UNTRACKED;

    /**
     * How long after a rotation a request for the previous token still counts as sent before it (grace 0 only; a grace
     * window of 1 s or more covers it). The request is timed when the executor sees it, early in the refresh grant, but
     * a burst of parallel refreshes is served in turns: on a 2-core node, 20 requests sent at once reached that point
     * up to 183 ms after the first of them had rotated the family. One second leaves a wide margin for a loaded node and for clock
     * skew between cluster nodes; a replay inside it is refused, just not yet punished.
     */
    public static final long IN_FLIGHT_MILLIS = 1_000;

    /**
     * @param presentedId         {@code jti} of the presented refresh token
     * @param presentedGeneration its rotation generation ({@code 0}: the first token of the family)
     * @param state               the family's committed state, {@code null} when there is none
     * @param arrivedAtMillis     when the request was received (see {@link RotationPolicy#receivedAt}), before it
     *                            waited for the family lock
     * @param graceMillis         the grace window ({@code 0}: none)
     */
    public static RotationDecision decide(
            String presentedId, int presentedGeneration, FamilyState state, long arrivedAtMillis, long graceMillis) {
        if (state == null) {
            return presentedGeneration == 0 ? START : UNTRACKED;
        }
        if (presentedId.equals(state.head())) {
            return ROTATE;
        }
        if (presentedId.equals(state.previous())) {
            long sinceRotation = arrivedAtMillis - state.rotatedAtMillis();
            if (graceMillis > 0 && sinceRotation < graceMillis) {
                return GRACE; // includes requests received before the rotation (negative)
            }
            return sinceRotation < IN_FLIGHT_MILLIS ? REJECT_CONCURRENT : REPLAY;
        }
        return REPLAY;
    }

    /** Whether the refresh goes on and returns tokens. */
    public boolean issuesTokens() {
        return this == START || this == ROTATE || this == GRACE;
    }

    /** Whether a successful response moves the family's head. */
    public boolean advancesFamily() {
        return this == START || this == ROTATE;
    }
}

package dev.tenancy.refresh.rotation;

import dev.tenancy.context.TenancyConventions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The committed rotation state of ONE token family, kept as one note of the client session the family belongs to
 * (Keycloak's session store: shared by the cluster, persisted with persistent user sessions, gone with the session):
 * the id of the current head token, the id of the immediately previous token, and when the head was issued.
 *
 * <p>Several families can live in one client session (two tabs of one client in one SSO session); each has its own
 * note {@code tenancy.rt.<family id>}, and {@link #evictable} bounds how many are kept.</p>
 */
public record FamilyState(String head, String previous, long rotatedAtMillis) {

    /** Prefix of the client-session notes holding family states. */
    public static final String NOTE_PREFIX = TenancyConventions.ATTRIBUTE_PREFIX + "rt.";

    /** How many families one client session tracks; the least recently rotated are dropped beyond that. */
    public static final int MAX_FAMILIES_PER_CLIENT_SESSION = 16;

    private static final String FORMAT_VERSION = "1";

    public FamilyState {
        if (head == null || head.isBlank() || previous == null || previous.isBlank()) {
            throw new IllegalArgumentException("head and previous token ids are required");
        }
    }

    public static String noteKey(String familyId) {
        return NOTE_PREFIX + familyId;
    }

    /** The state after {@code newHead} was issued for the presented head (or first token) at {@code now}. */
    public static FamilyState rotated(String presentedId, String newHead, long nowMillis) {
        return new FamilyState(newHead, presentedId, nowMillis);
    }

    /** {@code "1 <head> <previous> <rotatedAtMillis>"}: token ids are UUIDs, so a space never occurs in them. */
    public String encode() {
        return FORMAT_VERSION + " " + head + " " + previous + " " + rotatedAtMillis;
    }

    /** The state in a note, or {@code null} for no note or a note this version cannot read. */
    public static FamilyState decode(String note) {
        if (note == null) {
            return null;
        }
        String[] parts = note.split(" ");
        if (parts.length != 4 || !FORMAT_VERSION.equals(parts[0])) {
            return null;
        }
        try {
            return new FamilyState(parts[1], parts[2], Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Note keys of the families to drop so that, with one more family added, at most {@code max} remain: the least
     * recently rotated first. Unreadable family notes go first of all.
     */
    public static List<String> evictable(Map<String, String> clientSessionNotes, int max) {
        List<Map.Entry<String, String>> families = clientSessionNotes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(NOTE_PREFIX))
                .toList();
        int excess = families.size() + 1 - max;
        if (excess <= 0) {
            return List.of();
        }
        return families.stream()
                .sorted(Comparator.comparingLong(e -> {
                    FamilyState state = decode(e.getValue());
                    return state == null ? Long.MIN_VALUE : state.rotatedAtMillis;
                }))
                .limit(excess)
                .map(Map.Entry::getKey)
                .toList();
    }
}

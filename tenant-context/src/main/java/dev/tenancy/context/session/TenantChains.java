package dev.tenancy.context.session;

import dev.tenancy.context.TenancyConventions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.OrganizationModel;

/**
 * Which tenant each token chain (refresh-token family) of a client session acts in, so that a tenant admin can see
 * and end the chains of ONE tenant. Keycloak keeps a chain's tenant only in its refresh token (claim
 * {@code organization}), which the server never sees again until the next refresh; and one client session may hold
 * chains in several tenants (two tabs of one client, one switched). So every token response that issues a refresh
 * token records its chain here, as a note of the client session (Keycloak's session store: shared by the cluster,
 * persisted with the session, gone with it):
 *
 * <pre>tenancy.chain.&lt;family id&gt; = "&lt;tenant id, or - for none&gt; &lt;last seen, epoch seconds&gt;"</pre>
 *
 * <p>Written by refresh-policy's {@code FamilyTokenPostProcessor}, which knows the family id; read and pruned by the
 * tenant API. A client session without any such note (a client without refresh tokens, or a session older than
 * this version) counts as one chain in the tenant its login chose, Keycloak's client note {@code kc.org}.</p>
 */
public final class TenantChains {

    /** Prefix of the client-session notes; distinct from refresh-policy's family-state notes {@code tenancy.rt.}. */
    public static final String NOTE_PREFIX = TenancyConventions.ATTRIBUTE_PREFIX + "chain.";

    /** How many chains one client session records; the least recently seen are dropped beyond that. */
    public static final int MAX_CHAINS_PER_CLIENT_SESSION = 16;

    /**
     * A refresh rewrites an unchanged note only when its last-seen time is older than this: the time is for humans
     * (the session list), and a write on every refresh of every client would cost a session update each.
     */
    public static final int SEEN_RESOLUTION_SECONDS = 60;

    private static final String NO_TENANT = "-";

    /**
     * One chain of a client session.
     *
     * @param familyId the refresh-token family, {@code null} for the {@code kc.org} fallback
     * @param tenantId the organization id the chain acts in, {@code null} for a tenant-less chain
     * @param lastSeen epoch seconds of its last token response (to {@link #SEEN_RESOLUTION_SECONDS})
     */
    public record Chain(String familyId, String tenantId, int lastSeen) {

        public boolean isIn(String tenant) {
            return tenant != null && tenant.equals(tenantId);
        }
    }

    private TenantChains() {}

    /** Records that the chain {@code familyId} of this client session acts in {@code tenant} (or none) now. */
    public static void record(
            AuthenticatedClientSessionModel clientSession, String familyId, OrganizationModel tenant, int now) {
        if (familyId == null || familyId.isBlank()) {
            return;
        }
        String key = NOTE_PREFIX + familyId;
        String tenantId = tenant == null ? null : tenant.getId();
        Chain current = decode(familyId, clientSession.getNote(key));
        if (current != null
                && java.util.Objects.equals(current.tenantId(), tenantId)
                && now - current.lastSeen() < SEEN_RESOLUTION_SECONDS) {
            return;
        }
        if (current == null) {
            for (String evicted : evictable(clientSession.getNotes(), MAX_CHAINS_PER_CLIENT_SESSION)) {
                clientSession.removeNote(evicted);
            }
        }
        clientSession.setNote(key, encode(tenantId, now));
    }

    /** The chains of a client session: its notes, else the one chain of its login ({@code kc.org}). */
    public static List<Chain> of(AuthenticatedClientSessionModel clientSession) {
        List<Chain> chains = parse(clientSession.getNotes());
        if (!chains.isEmpty()) {
            return chains;
        }
        return List.of(new Chain(
                null, clientSession.getNote(OrganizationModel.ORGANIZATION_ATTRIBUTE), clientSession.getTimestamp()));
    }

    /** Removes the notes of the chains in {@code tenantId}: the tenant API ended them ({@link TenantSessionEnd}). */
    public static void forget(AuthenticatedClientSessionModel clientSession, String tenantId) {
        for (Chain chain : parse(clientSession.getNotes())) {
            if (chain.isIn(tenantId)) {
                clientSession.removeNote(NOTE_PREFIX + chain.familyId());
            }
        }
    }

    /** The chains recorded in a client session's notes (unreadable notes are skipped). */
    static List<Chain> parse(Map<String, String> notes) {
        List<Chain> chains = new ArrayList<>();
        notes.forEach((key, value) -> {
            if (key.startsWith(NOTE_PREFIX)) {
                Chain chain = decode(key.substring(NOTE_PREFIX.length()), value);
                if (chain != null) {
                    chains.add(chain);
                }
            }
        });
        return chains;
    }

    static String encode(String tenantId, int lastSeen) {
        return (tenantId == null ? NO_TENANT : tenantId) + " " + lastSeen;
    }

    /** The chain in a note, or {@code null} for no note or one this version cannot read. */
    static Chain decode(String familyId, String note) {
        if (note == null) {
            return null;
        }
        String[] parts = note.split(" ");
        if (parts.length != 2 || parts[0].isEmpty()) {
            return null;
        }
        try {
            return new Chain(familyId, NO_TENANT.equals(parts[0]) ? null : parts[0], Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Note keys to drop so that, with one more chain added, at most {@code max} remain: unreadable notes first, then
     * the least recently seen.
     */
    static List<String> evictable(Map<String, String> notes, int max) {
        List<Map.Entry<String, String>> recorded = notes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(NOTE_PREFIX))
                .toList();
        int excess = recorded.size() + 1 - max;
        if (excess <= 0) {
            return List.of();
        }
        return recorded.stream()
                .sorted(Comparator.comparingLong(e -> {
                    Chain chain = decode(e.getKey(), e.getValue());
                    return chain == null ? Long.MIN_VALUE : chain.lastSeen();
                }))
                .limit(excess)
                .map(Map.Entry::getKey)
                .toList();
    }
}

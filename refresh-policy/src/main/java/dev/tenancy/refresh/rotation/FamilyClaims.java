package dev.tenancy.refresh.rotation;

import dev.tenancy.context.TenancyConventions;
import java.util.Map;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.representations.RefreshToken;

/**
 * The private claims of this pack in refresh tokens. Refresh tokens are signed by Keycloak with a realm secret and
 * never verified by clients, so these claims are trustworthy on the way back in.
 * <ul>
 *   <li>{@link TenancyConventions#FAMILY_ID_CLAIM} {@code tenancy_fid}: the family (chain) id, minted with the first
 *       refresh token of a login and kept by every refresh;</li>
 *   <li>{@link #FAMILY_STARTED_CLAIM} {@code tenancy_fiat}: when the family started (epoch seconds), the base of its
 *       absolute lifetime;</li>
 *   <li>{@link #GENERATION_CLAIM} {@code tenancy_gen}: how many rotations led to this token (absent or 0 for the first
 *       token of a family, and on every token while rotation is off);</li>
 *   <li>{@link TenancyConventions#ACTIVE_TENANT_CLAIM} {@code tenancy_tid}: the active tenant's organization id
 *       (written by {@code FamilyTokenPostProcessor}).</li>
 * </ul>
 */
public final class FamilyClaims {

    public static final String FAMILY_STARTED_CLAIM = "tenancy_fiat";
    public static final String GENERATION_CLAIM = "tenancy_gen";

    private FamilyClaims() {}

    /** Stamps the first token of a new family. */
    public static void startFamily(RefreshToken token) {
        Map<String, Object> claims = token.getOtherClaims();
        claims.put(
                TenancyConventions.FAMILY_ID_CLAIM,
                SecretGenerator.getInstance().generateSecureID());
        if (token.getIat() != null) {
            claims.put(FAMILY_STARTED_CLAIM, token.getIat());
        }
        claims.remove(GENERATION_CLAIM);
    }

    /** Stamps a token issued by a refresh of the family; {@code generation} 0 leaves the claim out. */
    public static void continueFamily(RefreshToken token, String familyId, long familyStartedAt, int generation) {
        Map<String, Object> claims = token.getOtherClaims();
        claims.put(TenancyConventions.FAMILY_ID_CLAIM, familyId);
        claims.put(FAMILY_STARTED_CLAIM, familyStartedAt);
        if (generation > 0) {
            claims.put(GENERATION_CLAIM, generation);
        } else {
            claims.remove(GENERATION_CLAIM);
        }
    }

    /**
     * The family of a token. A token minted before this pack was installed has no family claim; its own id stands in,
     * so that every presentation of that same token lands in the same family (a random id would let each replay
     * start a family of its own).
     */
    public static String familyId(RefreshToken token) {
        Object familyId = token.getOtherClaims().get(TenancyConventions.FAMILY_ID_CLAIM);
        return familyId instanceof String id && !id.isBlank() ? id : token.getId();
    }

    public static int generation(RefreshToken token) {
        Long generation = number(token.getOtherClaims().get(GENERATION_CLAIM));
        return generation == null || generation < 0 || generation > Integer.MAX_VALUE ? 0 : generation.intValue();
    }

    /** When the family started (epoch seconds), or {@code null} for a token minted before this pack. */
    public static Long familyStartedAt(RefreshToken token) {
        return number(token.getOtherClaims().get(FAMILY_STARTED_CLAIM));
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}

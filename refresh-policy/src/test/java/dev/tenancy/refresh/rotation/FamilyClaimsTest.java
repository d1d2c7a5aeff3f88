package dev.tenancy.refresh.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

class FamilyClaimsTest {

    @Test
    void aNewFamilyGetsARandomIdAndStartsAtTheTokensIssueTime() {
        RefreshToken first = token("jti-1", 1_000L);
        FamilyClaims.startFamily(first);
        RefreshToken second = token("jti-2", 1_000L);
        FamilyClaims.startFamily(second);

        assertThat(FamilyClaims.familyId(first))
                .isNotBlank()
                .isNotEqualTo("jti-1")
                .isNotEqualTo(FamilyClaims.familyId(second));
        assertThat(FamilyClaims.familyStartedAt(first)).isEqualTo(1_000L);
        assertThat(FamilyClaims.generation(first)).isZero();
    }

    @Test
    void aTokenMintedBeforeThePackIsItsOwnFamily() {
        // Deterministic, so that a replay of that same token lands in the same family.
        RefreshToken legacy = token("jti-legacy", 5L);
        assertThat(FamilyClaims.familyId(legacy)).isEqualTo("jti-legacy");
        assertThat(FamilyClaims.familyStartedAt(legacy)).isNull();
        assertThat(FamilyClaims.generation(legacy)).isZero();
    }

    @Test
    void aRefreshKeepsTheFamilyAndCountsGenerations() {
        RefreshToken next = token("jti-3", 2_000L);
        FamilyClaims.continueFamily(next, "fam", 1_000L, 4);
        assertThat(FamilyClaims.familyId(next)).isEqualTo("fam");
        assertThat(FamilyClaims.familyStartedAt(next)).isEqualTo(1_000L);
        assertThat(FamilyClaims.generation(next)).isEqualTo(4);

        FamilyClaims.continueFamily(next, "fam", 1_000L, 0);
        assertThat(next.getOtherClaims()).doesNotContainKey(FamilyClaims.GENERATION_CLAIM);
    }

    @Test
    void claimsParsedFromJsonAsIntegersOrStringsAreRead() {
        RefreshToken parsed = token("jti-4", 1L);
        parsed.getOtherClaims().put(FamilyClaims.GENERATION_CLAIM, Integer.valueOf(7));
        parsed.getOtherClaims().put(FamilyClaims.FAMILY_STARTED_CLAIM, "123");
        assertThat(FamilyClaims.generation(parsed)).isEqualTo(7);
        assertThat(FamilyClaims.familyStartedAt(parsed)).isEqualTo(123L);

        parsed.getOtherClaims().put(FamilyClaims.GENERATION_CLAIM, "garbage");
        assertThat(FamilyClaims.generation(parsed)).isZero();
    }

    private static RefreshToken token(String id, long iat) {
        RefreshToken token = new RefreshToken(new AccessToken(), null, "test");
        token.id(id);
        token.iat(iat);
        return token;
    }
}

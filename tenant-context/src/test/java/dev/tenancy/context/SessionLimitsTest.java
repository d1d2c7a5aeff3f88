package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionLimitsTest {

    @Test
    void theStrictestLimitWinsAndZeroMeansNone() {
        SessionLimits policy = new SessionLimits(0, 3_600);
        SessionLimits tenant = new SessionLimits(600, 7_200);
        assertThat(policy.strictest(tenant)).isEqualTo(new SessionLimits(600, 3_600));
        assertThat(tenant.strictest(policy)).isEqualTo(new SessionLimits(600, 3_600));
        assertThat(SessionLimits.NONE.strictest(tenant)).isEqualTo(tenant);
        assertThat(tenant.strictest(SessionLimits.NONE)).isEqualTo(tenant);
        assertThat(tenant.strictest(null)).isEqualTo(tenant);
    }

    @Test
    void aFamilyEndsAtItsMaximumLifespanFromItsStart() {
        SessionLimits limits = new SessionLimits(0, 100);
        assertThat(limits.expiry(1_099, 1_000, 1_090)).isNull();
        assertThat(limits.expiry(1_100, 1_000, 1_099)).isEqualTo(SessionLimits.Expiry.MAX_LIFESPAN);
    }

    @Test
    void aFamilyEndsWhenIdleSinceItsLastRefresh() {
        SessionLimits limits = new SessionLimits(30, 0);
        assertThat(limits.expiry(1_029, 0, 1_000)).isNull();
        assertThat(limits.expiry(1_030, 0, 1_000)).isEqualTo(SessionLimits.Expiry.IDLE);
    }

    @Test
    void noLimitsNeverExpire() {
        assertThat(SessionLimits.NONE.expiry(Long.MAX_VALUE / 2, 0, 0)).isNull();
    }

    @Test
    void capsKeycloaksExpiryByBothLimits() {
        SessionLimits limits = new SessionLimits(60, 1_000);
        // Keycloak's 1800 s idle expiry is later than ours
        assertThat(limits.capExpiry(2_800L, 1_000, 500)).isEqualTo(1_060L);
        // the family's end comes first
        assertThat(limits.capExpiry(2_800L, 1_490, 500)).isEqualTo(1_500L);
        // Keycloak's own is earlier: kept
        assertThat(limits.capExpiry(1_010L, 1_000, 500)).isEqualTo(1_010L);
    }

    @Test
    void setsAnExpiryWhereKeycloakSetNone() {
        // offline tokens without an offline maximum lifespan have no expiry
        assertThat(new SessionLimits(0, 1_000).capExpiry(null, 100, 0)).isEqualTo(1_000L);
        assertThat(new SessionLimits(0, 1_000).capExpiry(0L, 100, 0)).isEqualTo(1_000L);
        assertThat(SessionLimits.NONE.capExpiry(null, 100, 0)).isNull();
        assertThat(SessionLimits.NONE.capExpiry(0L, 100, 0)).isEqualTo(0L);
    }

    @Test
    void rejectsNegativeLimits() {
        assertThatThrownBy(() -> new SessionLimits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.tenancy.context.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-session notes that record each chain's tenant: format, unreadable notes, eviction. */
class TenantChainsTest {

    @Test
    void aNoteCarriesTheTenantOrNoneAndTheLastSeenTime() {
        assertThat(TenantChains.decode("f1", TenantChains.encode("t-1", 1700000000)))
                .isEqualTo(new TenantChains.Chain("f1", "t-1", 1700000000));
        TenantChains.Chain none = TenantChains.decode("f2", TenantChains.encode(null, 5));
        assertThat(none.tenantId()).isNull();
        assertThat(none.isIn(null)).as("a tenant-less chain is in no tenant").isFalse();
    }

    @Test
    void unreadableNotesAreNoChains() {
        assertThat(TenantChains.decode("f", null)).isNull();
        assertThat(TenantChains.decode("f", "t-1")).isNull();
        assertThat(TenantChains.decode("f", "t-1 soon")).isNull();
        assertThat(TenantChains.decode("f", " 5")).isNull();
        assertThat(TenantChains.decode("f", "t-1 5 extra")).isNull();
    }

    @Test
    void onlyChainNotesAreParsedNotFamilyStatesOrKeycloakNotes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("tenancy.chain.f1", "t-1 10");
        notes.put("tenancy.chain.f2", "t-2 20");
        notes.put("tenancy.chain.broken", "x");
        notes.put("tenancy.rt.f1", "1 head prev 10000");
        notes.put("kc.org", "t-3");
        assertThat(TenantChains.parse(notes))
                .containsExactlyInAnyOrder(
                        new TenantChains.Chain("f1", "t-1", 10), new TenantChains.Chain("f2", "t-2", 20));
    }

    @Test
    void beyondTheLimitUnreadableThenLeastRecentlySeenChainsGo() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("tenancy.chain.old", "t-1 10");
        notes.put("tenancy.chain.new", "t-1 30");
        notes.put("tenancy.chain.mid", "t-2 20");
        notes.put("tenancy.chain.bad", "garbage");
        notes.put("tenancy.rt.x", "1 a b 1");
        assertThat(TenantChains.evictable(notes, 5)).isEmpty();
        assertThat(TenantChains.evictable(notes, 4)).containsExactly("tenancy.chain.bad");
        assertThat(TenantChains.evictable(notes, 3)).containsExactly("tenancy.chain.bad", "tenancy.chain.old");
    }
}

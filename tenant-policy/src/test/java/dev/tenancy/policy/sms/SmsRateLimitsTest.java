package dev.tenancy.policy.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.SingleUseObjectProvider;

/** The slot arithmetic of the rate limits, against a map standing in for Keycloak's single-use object store. */
class SmsRateLimitsTest {

    /** Counts the store's calls; entries never expire here (the window is in the key). */
    static final class CountingStore implements SingleUseObjectProvider {
        final Map<String, Map<String, String>> entries = new HashMap<>();
        int calls;

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            calls++;
            entries.put(key, notes);
        }

        @Override
        public Map<String, String> get(String key) {
            calls++;
            return entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            calls++;
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            calls++;
            return entries.replace(key, notes) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            calls++;
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            calls++;
            return entries.containsKey(key);
        }

        @Override
        public void close() {}
    }

    static SmsConfig config(int perUser, int perIp) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of(
                SmsConfig.MAX_PER_USER,
                Integer.toString(perUser),
                SmsConfig.MAX_PER_IP,
                Integer.toString(perIp),
                SmsConfig.WINDOW_SECONDS,
                "60"));
        return SmsConfig.of(model);
    }

    @Test
    void eachUserAndEachAddressGetTheirLimitPerWindow() {
        CountingStore store = new CountingStore();
        SmsConfig config = config(3, 5);
        for (int i = 0; i < 3; i++) {
            assertThat(SmsRateLimits.tryAcquire(store, "realm", "ann", "10.0.0.1", config, 1000))
                    .isTrue();
        }
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "ann", "10.0.0.1", config, 1000))
                .as("ann's 4th")
                .isFalse();
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "bob", "10.0.0.1", config, 1000))
                .isTrue();
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "cid", "10.0.0.1", config, 1000))
                .isTrue();
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "dee", "10.0.0.1", config, 1000))
                .as("the address's 6th (ann's refused 4th took no address slot)")
                .isFalse();
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "dee", "10.0.0.2", config, 1000))
                .isTrue();
        assertThat(SmsRateLimits.tryAcquire(store, "other", "ann", "10.0.0.1", config, 1000))
                .as("another realm")
                .isTrue();
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "ann", "10.0.0.1", config, 1010))
                .as("same window")
                .isFalse();
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "ann", "10.0.0.9", config, 1080))
                .as("next window")
                .isTrue();
    }

    @Test
    void theNthMessageOfAWindowCostsLogarithmicallyManyStoreCalls() {
        CountingStore store = new CountingStore();
        SmsConfig config = config(100, 1000);
        for (int i = 0; i < 999; i++) {
            SmsRateLimits.tryAcquire(store, "realm", "user-" + (i % 50), "10.0.0.1", config, 1000);
        }
        store.calls = 0;
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "user-x", "10.0.0.1", config, 1000))
                .isTrue();
        assertThat(store.calls)
                .as("two binary searches (7 + 10 reads) and two writes")
                .isLessThanOrEqualTo(20);
        assertThat(SmsRateLimits.tryAcquire(store, "realm", "user-y", "10.0.0.1", config, 1000))
                .isFalse();
    }
}

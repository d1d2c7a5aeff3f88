package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost of tenant policies on the hot paths, A/B in the same run and the same realm: the same user logs in and
 * refreshes in a tenant without a policy and in one with every kind of rule (MFA for admins, which the user is not,
 * password rules, session limits as long as the realm's, verified email), interleaved so that both see the same load.
 * It prints the medians; the assertion is deliberately tolerant (this machine's 2 cores are shared with other builds),
 * the target of the design is "within 5 %".
 */
@KeycloakIntegrationTest
class TenantPolicyPerformanceIT {

    static final String APP = "perf-app";
    static final int WARM_UP = 20;
    static final int TOKEN_ROUNDS = 150;
    static final int BROWSER_ROUNDS = 40;

    @BeforeAll
    static void setUp(TestRealm realm) {
        TenantPolicyFixtures.createAppClient(realm, APP);
        TenantPolicyFixtures.createPermissionsClient(realm);
        String bare = realm.createOrganization("bare", "Bare", "bare.test");
        String policed = realm.createOrganization("policed", "Policed", "policed.test");
        TenantPolicyFixtures.setPolicy(
                realm,
                policed,
                Map.of(
                        "tenancy.policy.mfa",
                        List.of("admins"),
                        "tenancy.policy.password.min-length",
                        List.of("12"),
                        "tenancy.policy.password.history",
                        List.of("5"),
                        "tenancy.policy.session.idle-seconds",
                        List.of("1800"),
                        "tenancy.policy.session.max-seconds",
                        List.of("36000"),
                        "tenancy.policy.email.verified-required",
                        List.of("true")));
        String user = realm.createUser("perf", "perf@example.test");
        realm.addMember(bare, user);
        realm.addMember(policed, user);
        realm.installBrowserFlowWithTenantPolicies();
    }

    /** Median milliseconds of {@code a} and {@code b}, run alternately {@code rounds} times after a warm-up. */
    static long[] medians(int rounds, Runnable a, Runnable b) {
        for (int i = 0; i < WARM_UP; i++) {
            a.run();
            b.run();
        }
        List<Long> timesA = new ArrayList<>();
        List<Long> timesB = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            boolean aFirst = i % 2 == 0;
            timesA.add(aFirst ? time(a) : 0);
            timesB.add(time(b));
            if (!aFirst) {
                timesA.set(i, time(a));
            }
        }
        return new long[] {median(timesA), median(timesB)};
    }

    static long time(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return System.nanoTime() - start;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }

    static Runnable ok(Supplier<Http.Response> call) {
        return () -> {
            Http.Response response = call.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        };
    }

    static void report(String what, long[] medians) {
        double ratio = (double) medians[1] / medians[0];
        System.out.printf(
                "[tenancy] %s: median without policy %.2f ms, with policy %.2f ms, ratio %.3f%n",
                what, medians[0] / 1e6, medians[1] / 1e6, ratio);
        // tolerant bound for a shared machine; the printed ratio is the measurement
        assertThat(medians[1]).as(what).isLessThan(medians[0] * 3 / 2 + 5_000_000L);
    }

    @Test
    void passwordGrantLogins(TestRealm realm) {
        report(
                "password-grant login",
                medians(
                        TOKEN_ROUNDS,
                        ok(() -> realm.passwordGrant(APP, "perf", "openid organization:bare")),
                        ok(() -> realm.passwordGrant(APP, "perf", "openid organization:policed"))));
    }

    @Test
    void refreshes(TestRealm realm) {
        String bare =
                realm.passwordGrant(APP, "perf", "openid organization:bare").string("refresh_token");
        String policed =
                realm.passwordGrant(APP, "perf", "openid organization:policed").string("refresh_token");
        report(
                "refresh",
                medians(
                        TOKEN_ROUNDS,
                        ok(() -> realm.refreshGrant(APP, bare)),
                        ok(() -> realm.refreshGrant(APP, policed))));
    }

    @Test
    void browserLogins(TestRealm realm) {
        Runnable bare = () -> login(realm, "bare");
        Runnable policed = () -> login(realm, "policed");
        report("browser login (code flow)", medians(BROWSER_ROUNDS, bare, policed));
    }

    static void login(TestRealm realm, String tenant) {
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result result = browser.authorize("openid organization:" + tenant, "perf", null);
        assertThat(result.ok())
                .as("%s: %s", result.error(), result.errorDescription())
                .isTrue();
        assertThat(browser.exchange(result).status()).isEqualTo(200);
    }
}

package dev.tenancy.it.refresh;

import static dev.tenancy.it.refresh.RefreshFixtures.jti;
import static dev.tenancy.it.refresh.RefreshFixtures.login;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Burst;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@value #CONCURRENCY} refreshes of ONE token at the same moment (tabs, retries): exactly one new family head, never
 * two independent chains, and nothing revoked. Measured counts are printed as {@code [refresh-concurrency]} lines.
 */
@KeycloakIntegrationTest
class RefreshConcurrencyIT {

    private static final int CONCURRENCY = 20;
    private static final String NO_GRACE = "concurrent-no-grace";
    private static final String GRACE = "concurrent-grace";

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixtures.createPublicClient(realm, NO_GRACE, "no-grace");
        RefreshFixtures.createPublicClient(realm, GRACE, "grace");
        realm.installRefreshRotationPolicies(Map.of(
                "no-grace", Map.of("graceSeconds", 0),
                "grace", Map.of("graceSeconds", 5)));
        realm.createUser("connie", "connie@example.com");
        // warm up the server's code paths, so the measured burst is not a burst of first calls
        for (String client : List.of(NO_GRACE, GRACE)) {
            String token = login(realm, client, "connie").string("refresh_token");
            for (int i = 0; i < 5; i++) {
                token = refreshOk(realm, client, token).string("refresh_token");
            }
        }
    }

    /** Sends {@value #CONCURRENCY} refreshes of {@code refreshToken}, released together. */
    private static List<Http.Response> burst(TestRealm realm, String clientId, String refreshToken) throws Exception {
        return Burst.of(CONCURRENCY, i -> () -> realm.refreshGrant(clientId, refreshToken));
    }

    private static List<Http.Response> ok(List<Http.Response> responses) {
        return responses.stream().filter(r -> r.status() == 200).toList();
    }

    private static Map<String, Long> outcomes(List<Http.Response> responses) {
        return responses.stream()
                .collect(Collectors.groupingBy(
                        r -> r.status() == 200 ? "200" : r.status() + " " + r.string("error_description"),
                        Collectors.counting()));
    }

    @Test
    void withoutGraceExactlyOneRefreshWinsAndTheOthersAreRefusedWithoutRevokingIt(TestRealm realm) throws Exception {
        String token = login(realm, NO_GRACE, "connie").string("refresh_token");

        List<Http.Response> responses = burst(realm, NO_GRACE, token);

        System.out.println("[refresh-concurrency] grace 0 s, " + CONCURRENCY + " concurrent: " + outcomes(responses));
        assertThat(responses)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 400));
        assertThat(ok(responses)).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 400).allSatisfy(r -> assertThat(
                        r.string("error_description"))
                .as(r.toString())
                .isEqualTo("Refresh token was already rotated by a concurrent request"));
        // the one chain survives: its head rotates on
        String head = ok(responses).get(0).string("refresh_token");
        refreshOk(realm, NO_GRACE, refreshOk(realm, NO_GRACE, head).string("refresh_token"));
    }

    @Test
    void withGraceAllRefreshesSucceedWithOneAndTheSameHead(TestRealm realm) throws Exception {
        String token = login(realm, GRACE, "connie").string("refresh_token");

        List<Http.Response> responses = burst(realm, GRACE, token);

        System.out.println("[refresh-concurrency] grace 5 s, " + CONCURRENCY + " concurrent: " + outcomes(responses));
        assertThat(ok(responses)).hasSize(CONCURRENCY);
        Set<String> heads =
                responses.stream().map(r -> jti(r.string("refresh_token"))).collect(Collectors.toSet());
        assertThat(heads).as("refresh token ids returned").hasSize(1);
        Set<String> accessTokens =
                responses.stream().map(r -> jti(r.string("access_token"))).collect(Collectors.toSet());
        assertThat(accessTokens).hasSize(CONCURRENCY);

        // exactly one chain: the first copy used rotates it, a second copy is then the previous token (grace: the new
        // head again), so the chain never forks
        String rotated = refreshOk(realm, GRACE, responses.get(0).string("refresh_token"))
                .string("refresh_token");
        assertThat(jti(rotated)).isNotIn(heads);
        String fromOtherCopy = refreshOk(realm, GRACE, responses.get(1).string("refresh_token"))
                .string("refresh_token");
        assertThat(jti(fromOtherCopy)).isEqualTo(jti(rotated));
        refreshOk(realm, GRACE, rotated);
    }

    @Test
    void concurrentRefreshesOfTheCurrentHeadAfterManyRotationsStillYieldOneHead(TestRealm realm) throws Exception {
        String head = login(realm, GRACE, "connie").string("refresh_token");
        for (int round = 0; round < 3; round++) {
            List<Http.Response> responses = burst(realm, GRACE, head);
            assertThat(ok(responses)).hasSize(CONCURRENCY);
            Set<String> heads =
                    responses.stream().map(r -> jti(r.string("refresh_token"))).collect(Collectors.toSet());
            assertThat(heads).hasSize(1);
            head = responses.get(round).string("refresh_token");
        }
    }
}

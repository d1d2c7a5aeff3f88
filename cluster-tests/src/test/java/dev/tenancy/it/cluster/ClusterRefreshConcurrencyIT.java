package dev.tenancy.it.cluster;

import static dev.tenancy.it.cluster.ClusterRealm.A;
import static dev.tenancy.it.cluster.ClusterRealm.APP;
import static dev.tenancy.it.cluster.ClusterRealm.B;
import static dev.tenancy.it.cluster.ClusterRealm.GRACE_APP;
import static dev.tenancy.it.cluster.ClusterRealm.jti;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Burst;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakCluster;
import dev.tenancy.testsupport.KeycloakClusterIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@value #CONCURRENCY} refreshes of ONE token at the same moment, half of them sent to node A and half to node B:
 * still exactly one surviving chain (the family lock is a cluster-wide single-use entry, the family head a persisted
 * client-session note), as {@code RefreshConcurrencyIT} shows for one node. Counts are printed as
 * {@code [cluster-concurrency]} lines.
 */
@KeycloakClusterIntegrationTest
class ClusterRefreshConcurrencyIT {

    private static final int CONCURRENCY = 20;

    private static ClusterRealm realm;

    @BeforeAll
    static void setUp(KeycloakCluster cluster, TestRealm testRealm) {
        realm = ClusterRealm.setUp(cluster, testRealm);
        testRealm.createUser("connie", "connie@example.com");
        // warm both nodes' code paths, so the burst is not a burst of first calls
        for (String client : List.of(APP, GRACE_APP)) {
            String token = realm.loginOk(A, client, "connie", "openid").string("refresh_token");
            for (int i = 0; i < 6; i++) {
                token = realm.refreshOk(i % 2 == 0 ? B : A, client, token).string("refresh_token");
            }
        }
    }

    /** {@value #CONCURRENCY} refreshes of {@code refreshToken}, released together; even indexes to A, odd to B. */
    private static List<Http.Response> splitBurst(String clientId, String refreshToken) throws Exception {
        return Burst.of(CONCURRENCY, i -> () -> realm.refresh(i % 2 == 0 ? A : B, clientId, refreshToken));
    }

    private static List<Http.Response> ok(List<Http.Response> responses) {
        return responses.stream().filter(r -> r.status() == 200).toList();
    }

    private static Map<String, Long> outcomes(List<Http.Response> responses) {
        Map<String, Long> byOutcome = new java.util.TreeMap<>();
        for (int i = 0; i < responses.size(); i++) {
            Http.Response r = responses.get(i);
            String outcome = (i % 2 == 0 ? "A " : "B ")
                    + (r.status() == 200 ? "200" : r.status() + " " + r.string("error_description"));
            byOutcome.merge(outcome, 1L, Long::sum);
        }
        return byOutcome;
    }

    @Test
    void withoutGraceExactlyOneOfTheSplitRefreshesWinsAndItsChainLivesOnBothNodes() throws Exception {
        String token = realm.loginOk(A, APP, "connie", "openid").string("refresh_token");

        List<Http.Response> responses = splitBurst(APP, token);

        System.out.println(
                "[cluster-concurrency] grace 0 s, " + CONCURRENCY + " concurrent split A/B: " + outcomes(responses));
        assertThat(responses)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 400));
        assertThat(ok(responses)).hasSize(1);
        // the losers are refused as requests in flight during the rotation, never as replays (nothing revoked)
        assertThat(responses).filteredOn(r -> r.status() == 400).allSatisfy(r -> assertThat(
                        r.string("error_description"))
                .as(r.toString())
                .isIn(
                        "Refresh token was already rotated by a concurrent request",
                        "Another refresh of this token family is still in progress; retry"));
        // the one chain survives: its head rotates on, on B and then on A
        String head = ok(responses).get(0).string("refresh_token");
        realm.refreshOk(A, APP, realm.refreshOk(B, APP, head).string("refresh_token"));
    }

    @Test
    void withGraceEverySplitRefreshGetsTheSameNewHead() throws Exception {
        String token = realm.loginOk(B, GRACE_APP, "connie", "openid").string("refresh_token");

        List<Http.Response> responses = splitBurst(GRACE_APP, token);

        System.out.println(
                "[cluster-concurrency] grace 5 s, " + CONCURRENCY + " concurrent split A/B: " + outcomes(responses));
        assertThat(ok(responses)).as(outcomes(responses).toString()).hasSize(CONCURRENCY);
        Set<String> heads =
                responses.stream().map(r -> jti(r.string("refresh_token"))).collect(Collectors.toSet());
        assertThat(heads).as("refresh token ids returned by both nodes").hasSize(1);
        assertThat(responses.stream().map(r -> jti(r.string("access_token"))).collect(Collectors.toSet()))
                .hasSize(CONCURRENCY);
        responses.forEach(r -> realm.verify(r.string("access_token")));

        // exactly one chain: a copy used on A rotates it; another copy used on B is then the previous token, and
        // within the grace window gets the same new head, so the chain never forks
        String rotated = realm.refreshOk(A, GRACE_APP, responses.get(0).string("refresh_token"))
                .string("refresh_token");
        assertThat(jti(rotated)).isNotIn(heads);
        String fromOtherCopy = realm.refreshOk(B, GRACE_APP, responses.get(1).string("refresh_token"))
                .string("refresh_token");
        assertThat(jti(fromOtherCopy)).isEqualTo(jti(rotated));
        realm.refreshOk(B, GRACE_APP, rotated);
    }
}

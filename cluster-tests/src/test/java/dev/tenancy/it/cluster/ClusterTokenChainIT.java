package dev.tenancy.it.cluster;

import static dev.tenancy.it.cluster.ClusterRealm.A;
import static dev.tenancy.it.cluster.ClusterRealm.APP;
import static dev.tenancy.it.cluster.ClusterRealm.B;
import static dev.tenancy.it.cluster.ClusterRealm.REALM_ADMIN;
import static dev.tenancy.it.cluster.ClusterRealm.assertInvalidGrant;
import static dev.tenancy.it.cluster.ClusterRealm.jti;
import static dev.tenancy.it.cluster.ClusterRealm.tenantAlias;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakCluster;
import dev.tenancy.testsupport.KeycloakClusterIntegrationTest;
import dev.tenancy.testsupport.RotationTiming;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One token chain served by two nodes, as behind a load balancer without sticky sessions: whatever node A wrote
 * (the chain's tenant, its family head, a membership removal) node B knows at its very next request, and the other
 * way round. Nothing of it may live in one node's memory.
 */
@KeycloakClusterIntegrationTest
class ClusterTokenChainIT {

    private static ClusterRealm realm;
    private static String acme;
    private static String globex;
    private static String sam;
    private static String ada;

    @BeforeAll
    static void setUp(KeycloakCluster cluster, TestRealm testRealm) {
        realm = ClusterRealm.setUp(cluster, testRealm);
        ada = testRealm.createUser("ada", "ada@acme.test");
        String gus = testRealm.createUser("gus", "gus@globex.test");
        sam = testRealm.createUser("sam", "sam@users.test");
        testRealm.createUser("rex", "rex@users.test");
        acme = realm.createTenant(A, "acme", ada);
        globex = realm.createTenant(B, "globex", gus);
        // sam joins acme through node A and globex through node B (tenant API, as a realm admin: tenant admins invite)
        assertThat(realm.api(A, "POST", "/acme/members", Map.of("userId", sam), realm.token(A, REALM_ADMIN, null))
                        .status())
                .isEqualTo(201);
        assertThat(realm.api(B, "POST", "/globex/members", Map.of("userId", sam), realm.token(B, REALM_ADMIN, null))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void tokensOfBothNodesCarryOneIssuerAndPassTheIssuerCheckOfTheOtherNode() {
        String fromA = realm.loginOk(A, APP, "sam", "openid organization:acme").string("access_token");
        String fromB = realm.loginOk(B, APP, "sam", "openid organization:acme").string("access_token");

        // an independent JWT library: signature from the issuer's JWKS (served through the load balancer), iss, exp
        Map<String, Object> claimsA = realm.verify(fromA);
        Map<String, Object> claimsB = realm.verify(fromB);
        assertThat(claimsA.get("iss")).isEqualTo(claimsB.get("iss")).isEqualTo(realm.issuer());
        assertThat(realm.issuer()).doesNotContain(realm.cluster.node(A)).doesNotContain(realm.cluster.node(B));

        // each node accepts the other's token (Keycloak compares iss with the realm URL it names itself by)
        for (int node : List.of(A, B)) {
            for (String token : List.of(fromA, fromB)) {
                Http.Response userinfo =
                        Http.get(realm.on(node).url() + "/protocol/openid-connect/userinfo", Http.bearer(token));
                assertThat(userinfo.status())
                        .as("userinfo on node " + node + ": " + userinfo)
                        .isEqualTo(200);
                Http.Response me = realm.api(node, "GET", "/me", null, token);
                assertThat(me.status())
                        .as("tenant API on node " + node + ": " + me)
                        .isEqualTo(200);
            }
        }
    }

    /**
     * The tenant list of a user comes, on each node, from the number of organizations in Keycloak's cached list of
     * the user's organization ids (the organization provider counts from it): a membership written on A is in B's
     * answer at B's very next request, and so is its removal.
     */
    @Test
    void aMembershipWrittenOnAIsInTheTenantListOfBAtItsNextRequest() {
        realm.createTenant(A, "initech", ada);
        String samsToken = realm.token(B, "sam", "acme");
        // B lists sam's tenants, so B's cache now holds sam's organization ids
        assertThat(tenantsOnB(samsToken)).contains("acme").doesNotContain("initech");

        Http.Response added =
                realm.api(A, "POST", "/initech/members", Map.of("userId", sam), realm.token(A, REALM_ADMIN, null));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(tenantsOnB(samsToken)).contains("acme", "initech");
        String inInitech =
                realm.loginOk(B, APP, "sam", "openid organization:initech").string("access_token");
        assertThat(tenantAlias(realm.verify(inInitech))).isEqualTo("initech");

        Http.Response removed =
                realm.api(A, "DELETE", "/initech/members/" + sam, null, realm.token(A, REALM_ADMIN, null));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(tenantsOnB(samsToken)).contains("acme").doesNotContain("initech");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> tenantsOnB(String accessToken) {
        Http.Response me = realm.api(B, "GET", "/me", null, accessToken);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        return ((List<Map<String, Object>>) me.json().get("tenants"))
                .stream().map(tenant -> tenant.get("alias")).toList();
    }

    @Test
    void loginOnARefreshAndSwitchOnBThenAMemberRemovalOnAEndsTheChainOnB() {
        // login on A, in acme
        Http.Response login = realm.loginOk(A, APP, "sam", "openid organization:acme");
        assertThat(tenantAlias(realm.verify(login.string("access_token")))).isEqualTo("acme");

        // refresh on B: same tenant, rotated
        Http.Response refreshed = realm.refreshOk(B, APP, login.string("refresh_token"));
        assertThat(tenantAlias(realm.verify(refreshed.string("access_token")))).isEqualTo("acme");
        assertThat(jti(refreshed.string("refresh_token"))).isNotEqualTo(jti(login.string("refresh_token")));

        // tenant switch on B
        Http.Response switched = realm.refreshOk(B, APP, refreshed.string("refresh_token"), "tenant", "globex");
        Map<String, Object> switchedClaims = realm.verify(switched.string("access_token"));
        assertThat(tenantAlias(switchedClaims)).isEqualTo("globex");
        // the chain continues in globex, now on A
        Http.Response onA = realm.refreshOk(A, APP, switched.string("refresh_token"));
        assertThat(tenantAlias(realm.verify(onA.string("access_token")))).isEqualTo("globex");

        // globex's admin removes sam through node A's tenant API ...
        Http.Response removed = realm.api(A, "DELETE", "/globex/members/" + sam, null, realm.token(A, "gus", "globex"));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        try {
            // ... and node B refuses the chain's very next refresh, without any wait
            Http.Response afterRemoval = realm.refresh(B, APP, onA.string("refresh_token"));
            assertThat(afterRemoval.status()).as(afterRemoval.toString()).isEqualTo(400);
            assertThat(afterRemoval.string("error")).isEqualTo("invalid_grant");
            // B's tenant API agrees: sam is no member of globex any more
            assertThat(realm.api(B, "GET", "/globex/members/" + sam, null, realm.token(B, "gus", "globex"))
                            .status())
                    .isEqualTo(404);
            // a switch into globex is refused on B too, while the acme chain of the same user lives on
            Http.Response acmeChain = realm.loginOk(A, APP, "sam", "openid organization:acme");
            assertInvalidGrant(realm.refresh(B, APP, acmeChain.string("refresh_token"), "tenant", "globex"), "");
            Http.Response stillAcme = realm.refreshOk(B, APP, acmeChain.string("refresh_token"));
            assertThat(tenantAlias(realm.verify(stillAcme.string("access_token"))))
                    .isEqualTo("acme");
        } finally {
            assertThat(realm.api(A, "POST", "/globex/members", Map.of("userId", sam), realm.token(A, REALM_ADMIN, null))
                            .status())
                    .isEqualTo(201);
        }
    }

    @Test
    void aRefreshTokenSpentOnAAndReplayedOnBIsAReplayAndKillsTheFamilyOnBothNodes() {
        Http.Response login = realm.loginOk(A, APP, "rex", "openid");
        String spent = login.string("refresh_token");
        String familyId = (String) Jwks.decodeUnverified(spent).get("tenancy_fid");
        assertThat(familyId).isNotBlank();
        // spent on A: the family head moves to a new token
        String head = realm.refreshOk(A, APP, spent).string("refresh_token");
        assertThat(Jwks.decodeUnverified(head).get("tenancy_fid")).isEqualTo(familyId);
        RotationTiming.waitPastInFlightWindow();

        // replayed on B: recognised as a replay of the family A rotated
        assertInvalidGrant(realm.refresh(B, APP, spent), "Refresh token replay detected");

        // the head issued on A is dead on both nodes
        Http.Response headOnA = realm.refresh(A, APP, head);
        Http.Response headOnB = realm.refresh(B, APP, head);
        assertThat(headOnA.status()).as(headOnA.toString()).isEqualTo(400);
        assertThat(headOnA.string("error")).isEqualTo("invalid_grant");
        assertThat(headOnB.status()).as(headOnB.toString()).isEqualTo(400);
        assertThat(headOnB.string("error")).isEqualTo("invalid_grant");

        // the replay is on record with the family id and our reason (events live in the shared database)
        String rex = String.valueOf(((Map<?, ?>) realm.on(A)
                        .adminCall("GET", "/users?exact=true&username=rex", null)
                        .jsonList()
                        .get(0))
                .get("id"));
        List<Object> events = realm.on(A)
                .adminCall("GET", "/events?type=REFRESH_TOKEN_ERROR&user=" + rex, null)
                .jsonList();
        assertThat(events).anySatisfy(event -> assertThat(String.valueOf(((Map<?, ?>) event).get("details")))
                .contains("tenancy_reason=refresh_token_replay")
                .contains("family_id=" + familyId));

        // the user can start over
        realm.refreshOk(B, APP, realm.loginOk(B, APP, "rex", "openid").string("refresh_token"));
    }
}

package dev.tenancy.it;

import static dev.tenancy.it.TenantApi.assertError;
import static dev.tenancy.it.refresh.RefreshFixtures.assertInvalidGrant;
import static dev.tenancy.it.refresh.RefreshFixtures.jti;
import static dev.tenancy.it.refresh.RefreshFixtures.login;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.refresh.CookieSessionIT;
import dev.tenancy.it.refresh.RefreshFixtures;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Restart durability (single node; H2 by default, PostgreSQL with {@code -Ppostgres}): everything our modules keep is
 * written before ONE {@link KeycloakServer#restart()} and read back after it through the same HTTP APIs. What must
 * survive is exactly what lives in Keycloak's database: persistent user sessions with their client-session notes
 * (token families), organizations with members, groups and attributes (tenants, roles, policies, suspension), our
 * invitation table, and the realm keys that signed the tokens held by clients. Nothing of ours may live in the JVM.
 *
 * <p>This is the ONLY test class that restarts the server (the server is shared by the whole failsafe run): every
 * restart scenario goes here, before the one restart in {@link #writeEverythingThenRestart}. The tests run in a fixed
 * order because accepting the invitation changes the membership that the tenant read-back compares.</p>
 */
@KeycloakIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class RestartDurabilityIT {

    static final String REFRESH_CLIENT = "restart-app";
    static final String COOKIE_CLIENT = "restart-spa";
    static final String SPA_ORIGIN = CookieSessionIT.SPA_ORIGIN;

    static TenantApi api;
    static String rootToken;
    static String acme;
    static String ann;
    static String bob;
    static String hal;

    // the refresh chain: login, two rotations; t0 and t1 are spent, t2 is the head
    static String t0;
    static String t2;
    static String chainAccessToken;
    static String chainSessionId;

    // tenants, read through the tenant API before the restart
    static Map<String, Object> readBefore;
    static String invitationLink;
    static String invitationId;

    static CookieSessionClient spa;
    static String cookieBeforeRestart;

    @BeforeAll
    static void writeEverythingThenRestart(TestRealm realm, KeycloakServer server) {
        RefreshFixtures.createPublicClient(realm, REFRESH_CLIENT, "restart");
        String cookieClient = CookieSessionIT.cookieClient(
                realm, COOKIE_CLIENT, List.of("+"), Map.of(RefreshFixtures.POLICY_TAG_ATTRIBUTE, "restart-cookie"));
        realm.adminCreate(
                "/clients/" + cookieClient + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of("claim.name", "tenant", "access.token.claim", "true", "id.token.claim", "true")));
        realm.installRefreshRotationPolicies(Map.of(
                "restart", Map.of("graceSeconds", 0, "replayRevokes", "client-session"),
                "restart-cookie", Map.of("graceSeconds", 2, "replayRevokes", "user-session")));
        api = TenantApi.setUp(realm);
        api.createRealmAdmin("root");
        rootToken = api.token("root", null);

        // a user session with a rotating refresh chain and a spent token
        realm.createUser("rudi", "rudi@example.com");
        Http.Response first = login(realm, REFRESH_CLIENT, "rudi");
        t0 = first.string("refresh_token");
        String t1 = refreshOk(realm, REFRESH_CLIENT, t0).string("refresh_token");
        Http.Response head = refreshOk(realm, REFRESH_CLIENT, t1);
        t2 = head.string("refresh_token");
        chainAccessToken = head.string("access_token");
        chainSessionId = (String) Jwks.decodeUnverified(t2).get("sid");

        // a tenant with an admin, a member holding a role, a policy, a pending invitation; a suspended tenant
        ann = realm.createUser("ann", "ann@acme.test");
        Http.Response created =
                api.call("POST", "", Map.of("alias", "acme", "name", "Acme Corp", "adminUserId", ann), rootToken);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        acme = created.string("id");
        api.groupWithPermissions(acme, "billing", "view-members");
        String annToken = api.token("ann", "acme");
        bob = realm.createUser("bob", "bob@acme.test");
        assertThat(api.call("POST", "/acme/members", Map.of("userId", bob), rootToken)
                        .status())
                .isEqualTo(201);
        assertThat(api.call("PUT", "/acme/members/" + bob + "/roles/billing", null, annToken)
                        .status())
                .isEqualTo(204);
        Http.Response policy = api.call(
                "PUT",
                "/acme/policy",
                Map.of("session.idle-seconds", 1200, "email.allowed-domains", List.of("acme.test", "example.test")),
                annToken);
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        hal = realm.createUser("hal", "hal@example.test");
        Http.Response invitation = api.call(
                "POST",
                "/acme/invitations",
                Map.of("email", "hal@example.test", "roles", List.of("billing")),
                annToken);
        assertThat(invitation.status()).as(invitation.toString()).isEqualTo(201);
        invitationLink = invitation.string("link");
        invitationId = invitation.string("id");

        String globex = realm.createOrganization("globex", "Globex Inc");
        api.member(globex, "gus");
        assertThat(api.call("PUT", "/globex/suspension", null, rootToken).status())
                .isEqualTo(204);
        assertThat(api.realm
                        .passwordGrant(TenantApi.APP, "gus", "openid organization:globex")
                        .status())
                .as("no login into a suspended tenant")
                .isEqualTo(400);
        readBefore = readTenants(annToken);

        // a cookie-mode SPA session, refreshed once (its first cookie is spent)
        spa = new CookieSessionClient(realm, COOKIE_CLIENT, SPA_ORIGIN);
        spa.signIn("ann", "openid organization:acme");
        assertThat(spa.call("refresh").status()).isEqualTo(200);
        cookieBeforeRestart = spa.cookie();

        Instant begin = Instant.now();
        server.restart();
        System.out.printf(
                "[tenancy] restart (stop + start until ready): %d ms, of which start %d ms%n",
                Duration.between(begin, Instant.now()).toMillis(),
                server.startupTime().toMillis());
    }

    /** What a tenant admin and a realm admin read about the tenants: compared as a whole before and after. */
    static Map<String, Object> readTenants(String annToken) {
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("profile", api.get("/acme", annToken).json());
        read.put("members", api.get("/acme/members?max=100", annToken).jsonList());
        read.put("count", api.get("/acme/members/count", annToken).json());
        read.put("roles", api.get("/acme/roles", annToken).jsonList());
        read.put("bob", api.get("/acme/members/" + bob, annToken).json());
        read.put(
                "bobRoles", api.get("/acme/members/" + bob + "/roles", annToken).jsonList());
        read.put("policy", api.get("/acme/policy", annToken).json());
        read.put(
                "invitation",
                api.get("/acme/invitations/" + invitationId, annToken).json());
        read.put("globex", api.get("/globex", rootToken).json());
        return read;
    }

    @Test
    @Order(1)
    void theRefreshChainContinuesAndASpentTokenIsStillAReplayThatRevokes(TestRealm realm) {
        assertThat(RefreshFixtures.userinfoStatus(realm, chainAccessToken))
                .as("an access token of before the restart: the session and the signing key survived")
                .isEqualTo(200);
        assertThat(realm.adminCall("GET", "/users/" + userId(realm, "rudi") + "/sessions", null)
                        .jsonList())
                .extracting(s -> ((Map<String, Object>) s).get("id"))
                .contains(chainSessionId);

        // the head is still the head: not "untracked", not a fresh start
        Http.Response next = refreshOk(realm, REFRESH_CLIENT, t2);
        String t3 = next.string("refresh_token");
        assertThat(jti(t3)).isNotEqualTo(jti(t2));
        assertThat(Jwks.decodeUnverified(t3))
                .containsEntry("tenancy_fid", Jwks.decodeUnverified(t0).get("tenancy_fid"))
                .containsEntry("tenancy_gen", 3L);

        // a token spent before the restart is still spent: a replay, and the family is revoked
        assertInvalidGrant(realm.refreshGrant(REFRESH_CLIENT, t0), "Refresh token replay detected");
        assertInvalidGrant(realm.refreshGrant(REFRESH_CLIENT, t3), "Session doesn't have required client");
    }

    @Test
    @Order(2)
    void tenantsMembersRolesPolicyAndSuspensionReadBackUnchanged() {
        String annToken = api.token("ann", "acme");
        Map<String, Object> readAfter = readTenants(annToken);
        assertThat(readAfter).isEqualTo(readBefore);

        // and what was read is what was written (not two equal empty answers)
        assertThat((Map<String, Object>) readAfter.get("profile"))
                .containsEntry("alias", "acme")
                .containsEntry("name", "Acme Corp")
                .containsEntry("enabled", true);
        assertThat((Map<String, Object>) readAfter.get("count")).containsEntry("count", 2);
        assertThat((List<Object>) readAfter.get("members"))
                .extracting(m -> ((Map<String, Object>) m).get("id"))
                .containsExactlyInAnyOrder(ann, bob);
        assertThat((List<Object>) readAfter.get("roles"))
                .extracting(r -> ((Map<String, Object>) r).get("name"))
                .contains("admins", "members", "billing");
        assertThat(readAfter.get("bobRoles").toString()).contains("/billing");
        assertThat((Map<String, Object>) ((Map<String, Object>) readAfter.get("policy")).get("policy"))
                .containsEntry("session.idle-seconds", 1200)
                .containsEntry("email.allowed-domains", List.of("acme.test", "example.test"));
        assertThat((Map<String, Object>) readAfter.get("invitation")).containsEntry("status", "PENDING");
        assertThat((Map<String, Object>) readAfter.get("globex")).containsEntry("enabled", false);

        // the suspension is enforced, not only stored; bob's role still authorizes him
        assertThat(api.realm
                        .passwordGrant(TenantApi.APP, "gus", "openid organization:globex")
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/acme/members", api.token("bob", "acme")).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void theInvitationLinkCanStillBeAcceptedOnce(TestRealm realm) {
        String key = URI.create(invitationLink).getQuery().replaceFirst("^key=", "");
        String halToken = realm.passwordGrant(TenantApi.APP, "hal", "openid").string("access_token");
        Http.Response accepted = api.call("POST", "/invitations/accept", Map.of("key", key), halToken);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json()).containsEntry("tenant", "acme").containsEntry("roles", List.of("/billing"));
        assertError(api.call("POST", "/invitations/accept", Map.of("key", key), halToken), 409, "conflict");
        assertThat(api.get("/acme/invitations/" + invitationId, api.token("ann", "acme"))
                        .json())
                .containsEntry("status", "ACCEPTED")
                .containsEntry("acceptedBy", hal);
    }

    @Test
    @Order(4)
    void theCookieSessionStillRefreshes(TestRealm realm) throws Exception {
        Http.Response refreshed = spa.call("refresh");
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(spa.cookie()).isNotEqualTo(cookieBeforeRestart);
        Map<String, Object> claims = Jwks.verify(realm.url(), refreshed.string("access_token"));
        assertThat((Map<String, Object>) claims.get("tenant")).containsEntry("alias", "acme");
        assertThat(spa.call("refresh").status())
                .as("the rotated cookie is the new head")
                .isEqualTo(200);
    }

    private static String userId(TestRealm realm, String username) {
        return (String) ((Map<String, Object>) realm.adminCall("GET", "/users?exact=true&username=" + username, null)
                        .jsonList()
                        .get(0))
                .get("id");
    }
}

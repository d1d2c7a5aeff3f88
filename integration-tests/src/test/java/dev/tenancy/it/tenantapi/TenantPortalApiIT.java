package dev.tenancy.it.tenantapi;

import static dev.tenancy.it.TenantApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The tenant API's additions for the tenant admin portal, over HTTP: {@code GET /me}'s {@code realmAdmin} and
 * per-tenant {@code permissions} (equal to what every endpoint then allows), the realm admins' tenant list, leaving a
 * tenant, the caller's own invitations ({@code /me/invitations}: only for the verified owner of the address), the
 * audit's {@code type}/{@code dateFrom}/{@code dateTo} filters, the roles' {@code grantable} flag (equal to what
 * granting and inviting then allow) and the reserved aliases; each with its refusals.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantPortalApiIT {

    static final List<String> ALL_PERMISSIONS = List.of(
            "view-members",
            "manage-members",
            "manage-roles",
            "manage-invitations",
            "manage-policies",
            "manage-sessions",
            "view-audit",
            "tenant-admin");

    static TenantApi api;
    static String acme;
    static String globex;
    static String acmeAdmins;
    static String viewers;
    static String roleManagers;
    static String staff;
    static String target;

    @BeforeAll
    static void setUp(TestRealm realm) {
        api = TenantApi.setUp(realm);
        acme = realm.createOrganization("acme", "Acme Corp");
        globex = realm.createOrganization("globex", "Globex Inc");
        acmeAdmins = api.groupWithPermissions(acme, "admins", "tenant-admin");
        viewers = api.groupWithPermissions(acme, "viewers", "view-members");
        roleManagers =
                api.groupWithPermissions(acme, "role-managers", "view-members", "manage-roles", "manage-invitations");
        staff = api.groupWithPermissions(acme, "staff");
        String globexAdmins = api.groupWithPermissions(globex, "admins", "tenant-admin");
        api.member(acme, "ann", acmeAdmins);
        api.member(acme, "vic", viewers);
        api.member(acme, "rita", roleManagers);
        api.member(acme, "pete");
        target = api.member(acme, "target");
        api.member(globex, "gus", globexAdmins);
        api.createRealmAdmin("root");
        realm.createUser("ivy", "ivy@users.test");
    }

    static String root() {
        return api.token("root", null);
    }

    static String idOf(String username) {
        return (String) ((Map<String, Object>) api.realm
                        .adminCall("GET", "/users?exact=true&username=" + username, null)
                        .jsonList()
                        .get(0))
                .get("id");
    }

    static Map<String, Object> entry(Map<String, Object> me, String alias) {
        return ((List<Object>) me.get("tenants"))
                .stream()
                        .map(t -> (Map<String, Object>) t)
                        .filter(t -> alias.equals(t.get("alias")))
                        .findFirst()
                        .orElse(null);
    }

    @Nested
    class Me {

        /** One request per permission that needs exactly that permission (read-only ones). */
        static final Map<String, String> PROBES = Map.of(
                "view-members", "/acme/members?max=1",
                "manage-invitations", "/acme/invitations?max=1",
                "manage-policies", "/acme/policy",
                "manage-sessions", "/acme/members/%s/sessions",
                "view-audit", "/acme/events?max=1");

        /**
         * The permissions listed for acme are exactly those the API then allows with the same token: a probe per
         * permission answers 200 when listed, 403 when not. For a plain member, one permission, a tenant admin, a
         * realm admin who is a member, and tokens whose client's role scope leaves roles out.
         */
        @Test
        void permissionsAreExactlyWhatTheApiAllowsWithTheSameToken() {
            String narrowView = api.otherClient("portal-narrow-view", false, true);
            api.realm.adminOk(
                    "POST",
                    "/clients/" + narrowView + "/scope-mappings/clients/" + api.permissionsUuid,
                    List.of(api.realm
                            .adminCall("GET", "/clients/" + api.permissionsUuid + "/roles/view-members", null)
                            .json()));
            api.otherClient("portal-narrow-none", false, true);
            String rootId = idOf("root");
            api.realm.addMember(acme, rootId);
            record Case(String label, String token, List<String> permissions, boolean realmAdmin) {}
            List<Case> cases = List.of(
                    new Case("plain member", api.token("pete", "acme"), List.of(), false),
                    new Case("view-members", api.token("vic", "acme"), List.of("view-members"), false),
                    new Case("tenant admin", api.token("ann", "acme"), ALL_PERMISSIONS, false),
                    new Case(
                            "tenant admin, role scope: view-members only",
                            api.token("portal-narrow-view", "ann", "acme"),
                            List.of("view-members"),
                            false),
                    new Case(
                            "tenant admin, no role in scope",
                            api.token("portal-narrow-none", "ann", "acme"),
                            List.of(),
                            false),
                    new Case("realm admin acting in acme", api.token("root", "acme"), ALL_PERMISSIONS, true),
                    new Case(
                            "realm admin, no role in scope",
                            api.token("portal-narrow-none", "root", "acme"),
                            List.of(),
                            false));
            try {
                for (Case c : cases) {
                    Http.Response me = api.get("/me", c.token());
                    assertThat(me.status()).as(c.label() + ": " + me).isEqualTo(200);
                    assertThat(me.json()).as(c.label()).containsEntry("realmAdmin", c.realmAdmin());
                    assertThat((List<String>) entry(me.json(), "acme").get("permissions"))
                            .as(c.label())
                            .containsExactlyInAnyOrderElementsOf(c.permissions());
                    PROBES.forEach((permission, probe) -> {
                        Http.Response answer = api.get(probe.formatted(target), c.token());
                        assertThat(answer.status())
                                .as(c.label() + ", " + permission + ": " + answer)
                                .isEqualTo(c.permissions().contains(permission) ? 200 : 403);
                    });
                    Http.Response list = api.get("", c.token());
                    assertThat(list.status()).as(c.label() + ": GET / " + list).isEqualTo(c.realmAdmin() ? 200 : 403);
                }
            } finally {
                api.realm.adminOk("DELETE", "/organizations/" + acme + "/members/" + rootId, null);
            }
        }

        @Test
        void aSuspendedTenantListsNoPermissionsButForRealmAdmins() {
            String annToken = api.token("ann", "acme");
            api.realm.setOrganizationEnabled(acme, false);
            try {
                assertThat((List<String>)
                                entry(api.get("/me", annToken).json(), "acme").get("permissions"))
                        .isEmpty();
                assertError(api.get("/acme/members", annToken), 403, "access_denied");
                assertThat(api.get("/acme/members", root()).status()).isEqualTo(200);
            } finally {
                api.realm.setOrganizationEnabled(acme, true);
            }
        }

        @Test
        void permissionsAreListedForEveryTenantOfTheCallerWhateverTheActiveOne() {
            String both = api.member(acme, "both", viewers);
            api.realm.addMember(globex, both);
            Map<String, Object> me = api.get("/me", api.token("both", "globex")).json();
            assertThat(me).containsEntry("activeTenant", "globex");
            assertThat((List<String>) entry(me, "acme").get("permissions")).containsExactly("view-members");
            assertThat((List<String>) entry(me, "globex").get("permissions")).isEmpty();
        }
    }

    @Nested
    class TenantList {

        @Test
        void realmAdminsListTenantsByAliasSearchAndPage() {
            List<String> all = aliases(api.get("?max=1000", root()));
            assertThat(all).contains("acme", "globex").isSorted();
            List<Object> stock =
                    api.realm.adminCall("GET", "/organizations?max=1000", null).jsonList();
            assertThat(all).hasSize(stock.size());
            assertThat(aliases(api.get("?search=CME", root()))).containsExactly("acme");
            assertThat(aliases(api.get("?search=globex%20inc", root()))).containsExactly("globex");
            assertThat(aliases(api.get("?search=%25", root())))
                    .as("LIKE characters are literal")
                    .isEmpty();
            assertThat(aliases(api.get("?first=1&max=1", root()))).containsExactly(all.get(1));
            Map<String, Object> acmeEntry = (Map<String, Object>)
                    api.get("?search=acme", root()).jsonList().get(0);
            assertThat(acmeEntry)
                    .containsEntry("id", acme)
                    .containsEntry("name", "Acme Corp")
                    .containsEntry("enabled", true)
                    .containsKey("branding");
        }

        @Test
        void othersAndBadPagingAreRefused() {
            assertError(api.get("", api.token("ann", "acme")), 403, "access_denied");
            assertError(api.get("", null), 401, "invalid_token");
            assertError(api.get("?max=0", root()), 400, "invalid_request");
            assertError(api.get("?first=x", root()), 400, "invalid_request");
            assertThat(api.get("?max=0", root()).string("error_description")).startsWith("max:");
        }

        private static List<String> aliases(Http.Response response) {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.jsonList().stream()
                    .map(t -> (String) ((Map<String, Object>) t).get("alias"))
                    .toList();
        }
    }

    @Test
    void reservedAliasesAreRefusedWhenATenantIsCreated() {
        for (String alias : List.of("me", "openapi", "invitations", "portal")) {
            Http.Response response = api.call("POST", "", Map.of("alias", alias, "name", "Reserved " + alias), root());
            assertError(response, 400, "invalid_request");
            assertThat(response.string("error_description"))
                    .startsWith("alias:")
                    .contains("portal");
        }
        assertThat(api.get("?search=Reserved", root()).jsonList()).isEmpty();
    }

    @Nested
    class Leave {

        @Test
        void aMemberLeavesAndTheChangeIsAudited() {
            String leaver = api.member(acme, "leaver", staff);
            String token = api.token("leaver", "acme");
            Http.Response left = api.call("POST", "/acme/leave", null, token);
            assertThat(left.status()).as(left.toString()).isEqualTo(204);
            assertThat(entry(api.get("/me", token).json(), "acme")).isNull();
            assertError(api.get("/acme", token), 404, "not_found");
            assertThat(api.realm
                            .adminCall("GET", "/organizations/" + acme + "/members/" + leaver, null)
                            .status())
                    .isEqualTo(404);
            assertThat(api.adminEvents(acme)).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("operationType", "DELETE")
                    .containsEntry("resourcePath", "organizations/" + acme + "/members/" + leaver)
                    .containsEntry("resourceType", "ORGANIZATION_MEMBERSHIP"));
        }

        @Test
        void theLastTenantAdminCannotLeaveUntilAnotherHoldsTenantAdmin() {
            String lone = api.realm.createOrganization("lone", "Lone Ltd");
            String admins = api.groupWithPermissions(lone, "admins", "tenant-admin");
            String deputies = api.realm.createOrganizationSubGroup(lone, admins, "deputies");
            api.member(lone, "lonely", admins);
            String token = api.token("lonely", "lone");
            Http.Response refused = api.call("POST", "/lone/leave", null, token);
            assertError(refused, 409, "conflict");
            assertThat(refused.string("error_description")).contains("last member holding tenant-admin");

            // a member of a subgroup of admins inherits tenant-admin: now there is another admin
            String deputy = api.member(lone, "deputy");
            api.realm.joinOrganizationGroup(lone, deputies, deputy);
            Http.Response left = api.call("POST", "/lone/leave", null, token);
            assertThat(left.status()).as(left.toString()).isEqualTo(204);
            assertError(api.call("POST", "/lone/leave", null, api.token("deputy", "lone")), 409, "conflict");
        }

        @Test
        void notAMemberIs404AndAnotherActiveTenantIs403() {
            assertError(api.call("POST", "/acme/leave", null, root()), 404, "not_found");
            assertError(api.call("POST", "/acme/leave", null, api.token("gus", "globex")), 404, "not_found");
            String dual = api.member(acme, "dual-leaver");
            api.realm.addMember(globex, dual);
            assertError(
                    api.call("POST", "/acme/leave", null, api.token("dual-leaver", "globex")), 403, "access_denied");
            assertError(api.call("POST", "/acme/leave", null, null), 401, "invalid_token");
        }

        /**
         * A member managed by the tenant's identity provider would be deleted by Keycloak with the membership: 409,
         * and the member stays. Keycloak makes a managed member only in a brokered first login (BrokeredLoginIT runs
         * one; its realm import writes UNMANAGED whatever the file says), so here the membership row is marked
         * MANAGED in the database, as a brokered login writes it: PostgreSQL only (the embedded H2 database is held
         * by the Keycloak process).
         */
        @Test
        void aManagedMemberGets409AndStays(KeycloakServer server) throws java.sql.SQLException {
            Assumptions.assumeTrue(server.jdbcUrl().isPresent(), "needs PostgreSQL (mvn verify -Ppostgres)");
            String mia = api.member(acme, "mia", staff);
            try (Connection db = DriverManager.getConnection(server.jdbcUrl().get(), server.databaseUser(), "");
                    PreparedStatement managed = db.prepareStatement(
                            "UPDATE USER_GROUP_MEMBERSHIP SET MEMBERSHIP_TYPE"
                                    + " = 'MANAGED' WHERE USER_ID = ? AND GROUP_ID = (SELECT GROUP_ID FROM ORG WHERE ID = ?)")) {
                managed.setString(1, mia);
                managed.setString(2, acme);
                assertThat(managed.executeUpdate()).isEqualTo(1);
            }
            api.realm.adminOk("POST", "/clear-realm-cache", null);
            api.realm.adminOk("POST", "/clear-user-cache", null);
            assertThat(api.realm
                            .adminCall("GET", "/organizations/" + acme + "/members/" + mia, null)
                            .json())
                    .containsEntry("membershipType", "MANAGED");
            Http.Response refused = api.call("POST", "/acme/leave", null, api.token("mia", "acme"));
            assertError(refused, 409, "conflict");
            assertThat(refused.string("error_description")).contains("identity provider");
            assertThat(api.realm.adminCall("GET", "/users/" + mia, null).status())
                    .as("mia still exists")
                    .isEqualTo(200);
            assertThat(api.realm
                            .adminCall("GET", "/organizations/" + acme + "/members/" + mia, null)
                            .status())
                    .as("and is still a member")
                    .isEqualTo(200);
        }
    }

    @Nested
    class MyInvitations {

        @Test
        void theInviteeListsAcceptsAndGetsTheNewMembership() {
            String annToken = api.token("ann", "acme");
            long before = System.currentTimeMillis();
            Http.Response created = api.call(
                    "POST",
                    "/acme/invitations",
                    Map.of("email", "IVY@users.test", "roles", List.of("viewers")),
                    annToken);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.string("id");
            String ivy = api.token("ivy", null);

            List<Object> mine = api.get("/me/invitations", ivy).jsonList();
            assertThat(mine).hasSize(1);
            Map<String, Object> invitation = (Map<String, Object>) mine.get(0);
            assertThat(invitation)
                    .containsEntry("id", id)
                    .containsEntry("roles", List.of("/viewers"))
                    .containsEntry("tenant", Map.of("alias", "acme", "name", "Acme Corp"));
            long expiresAt = ((Number) invitation.get("expiresAt")).longValue();
            assertThat(expiresAt)
                    .as("epoch milliseconds, 7 days ahead")
                    .isBetween(
                            before + 7L * 24 * 3600 * 1000 - 5000, System.currentTimeMillis() + 7L * 24 * 3600 * 1000);

            assertError(
                    api.call("POST", "/me/invitations/" + id + "/accept", null, api.token("gus", "globex")),
                    404,
                    "not_found");
            Http.Response accepted = api.call("POST", "/me/invitations/" + id + "/accept", null, ivy);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            assertThat(accepted.json())
                    .containsEntry("alias", "acme")
                    .containsEntry("groups", List.of("/viewers"))
                    .containsEntry("permissions", List.of("view-members"));
            assertThat(entry(api.get("/me", ivy).json(), "acme")).isNotNull();
            assertThat(api.get("/me/invitations", ivy).jsonList()).isEmpty();
            assertError(api.call("POST", "/me/invitations/" + id + "/accept", null, ivy), 409, "conflict");
            assertThat(api.get("/acme/invitations/" + id, annToken).json()).containsEntry("status", "ACCEPTED");
            String ivyId = idOf("ivy");
            assertThat(api.adminEvents(acme)).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("operationType", "CREATE")
                    .containsEntry("resourcePath", "organizations/" + acme + "/members/" + ivyId)
                    .extracting("details")
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("invitation_id", id));
        }

        @Test
        void theInviteeDeclines() {
            String gusToken = api.token("gus", "globex");
            realmUser("dee", "dee@users.test", true);
            Http.Response created =
                    api.call("POST", "/globex/invitations", Map.of("email", "dee@users.test"), gusToken);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.string("id");
            String dee = api.token("dee", null);
            assertThat(api.call("POST", "/me/invitations/" + id + "/decline", null, dee)
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("/globex/invitations/" + id, gusToken).json()).containsEntry("status", "DECLINED");
            assertError(api.call("POST", "/me/invitations/" + id + "/decline", null, dee), 409, "conflict");
            assertError(api.call("POST", "/me/invitations/" + id + "/accept", null, dee), 409, "conflict");
            assertThat(api.adminEvents(globex)).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("operationType", "DELETE")
                    .containsEntry("resourcePath", "organizations/" + globex + "/invitations/" + id));
        }

        /** Someone who registered with the invitee's address but never verified it sees nothing and can do nothing. */
        @Test
        void anUnverifiedAddressRevealsNothing() {
            realmUser("uma", "uma@users.test", false);
            String id = api.call(
                            "POST", "/acme/invitations", Map.of("email", "uma@users.test"), api.token("ann", "acme"))
                    .string("id");
            String uma = api.token("uma", null);
            assertThat(api.get("/me/invitations", uma).jsonList()).isEmpty();
            Http.Response accept = api.call("POST", "/me/invitations/" + id + "/accept", null, uma);
            Http.Response unknown =
                    api.call("POST", "/me/invitations/" + java.util.UUID.randomUUID() + "/accept", null, uma);
            assertError(accept, 404, "not_found");
            assertThat(accept.body()).isEqualTo(unknown.body());
            assertError(api.call("POST", "/me/invitations/" + id + "/decline", null, uma), 404, "not_found");
            assertThat(api.get("/acme/invitations/" + id, api.token("ann", "acme"))
                            .json())
                    .containsEntry("status", "PENDING");
        }

        @Test
        void expiredRevokedAndSuspendedTenantsInvitationsAreNotListed() throws InterruptedException {
            realmUser("eve", "eve@users.test", true);
            String annToken = api.token("ann", "acme");
            String gusToken = api.token("gus", "globex");
            String expiring = api.call(
                            "POST",
                            "/acme/invitations",
                            Map.of("email", "eve@users.test", "expiresInSeconds", 1),
                            annToken)
                    .string("id");
            String suspended = api.call("POST", "/globex/invitations", Map.of("email", "eve@users.test"), gusToken)
                    .string("id");
            Thread.sleep(2100);
            String eve = api.token("eve", null);
            assertThat(ids(api.get("/me/invitations", eve))).containsExactly(suspended);
            assertError(api.call("POST", "/me/invitations/" + expiring + "/accept", null, eve), 409, "conflict");
            api.realm.setOrganizationEnabled(globex, false);
            try {
                assertThat(api.get("/me/invitations", eve).jsonList()).isEmpty();
                assertError(api.call("POST", "/me/invitations/" + suspended + "/accept", null, eve), 409, "conflict");
            } finally {
                api.realm.setOrganizationEnabled(globex, true);
            }
            assertThat(api.call("DELETE", "/globex/invitations/" + suspended, null, gusToken)
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("/me/invitations", eve).jsonList()).isEmpty();
        }

        @Test
        void badInputAndNoTokenAreRefused() {
            String ivy = api.token("ivy", null);
            assertError(api.get("/me/invitations?max=abc", ivy), 400, "invalid_request");
            assertError(api.get("/me/invitations", null), 401, "invalid_token");
            assertError(api.call("POST", "/me/invitations/not%20an%20id/accept", null, ivy), 404, "not_found");
            assertError(
                    api.call("POST", "/me/invitations/" + "a".repeat(37) + "/decline", null, ivy), 404, "not_found");
        }

        private static List<String> ids(Http.Response response) {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.jsonList().stream()
                    .map(i -> (String) ((Map<String, Object>) i).get("id"))
                    .toList();
        }

        private static void realmUser(String username, String email, boolean verified) {
            api.realm.adminCreate(
                    "/users",
                    Map.of(
                            "username",
                            username,
                            "email",
                            email,
                            "enabled",
                            true,
                            "emailVerified",
                            verified,
                            "firstName",
                            username,
                            "lastName",
                            "Test",
                            "credentials",
                            List.of(Map.of("type", "password", "value", TestRealm.PASSWORD, "temporary", false))));
        }
    }

    @Nested
    class EventFilters {

        @Test
        void typeAndDatesFilterTheAdminEvents() {
            String annToken = api.token("ann", "acme");
            String id = api.call("POST", "/acme/invitations", Map.of("email", "filtered@users.test"), annToken)
                    .string("id");
            assertThat(api.call("POST", "/acme/invitations/" + id + "/resend", null, annToken)
                            .status())
                    .isEqualTo(200);
            assertThat(api.call("DELETE", "/acme/invitations/" + id, null, annToken)
                            .status())
                    .isEqualTo(204);

            List<Map<String, Object>> all = events(annToken, "?max=1000");
            for (String type : List.of("CREATE", "ACTION", "DELETE")) {
                List<Map<String, Object>> filtered = events(annToken, "?max=1000&type=" + type);
                assertThat(filtered)
                        .isNotEmpty()
                        .isEqualTo(all.stream()
                                .filter(e -> type.equals(e.get("type")))
                                .toList());
            }
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
            String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
            assertThat(events(annToken, "?max=1000&dateFrom=" + today + "&dateTo=" + today))
                    .isEqualTo(all);
            assertThat(events(annToken, "?max=1000&dateFrom=" + yesterday)).isEqualTo(all);
            assertThat(events(annToken, "?dateTo=" + yesterday)).isEmpty();
            assertThat(events(annToken, "?dateFrom=" + tomorrow)).isEmpty();
            assertThat(events(annToken, "?max=2&type=ACTION&dateFrom=" + today)).hasSize(1);
        }

        @Test
        void typeAndDatesFilterTheUserEvents() {
            String both = api.member(acme, "switcher", viewers);
            api.realm.addMember(globex, both);
            Http.Response login = api.realm.passwordGrant(TenantApi.APP, "switcher", "openid organization:acme");
            Http.Response switched =
                    api.realm.refreshGrant(TenantApi.APP, login.string("refresh_token"), "tenant", "globex");
            assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
            String annToken = api.token("ann", "acme");
            List<Map<String, Object>> all = events(annToken, "?kind=user&max=1000");
            List<Map<String, Object>> refreshes = events(annToken, "?kind=user&max=1000&type=REFRESH_TOKEN");
            assertThat(refreshes)
                    .isNotEmpty()
                    .isEqualTo(all.stream()
                            .filter(e -> "REFRESH_TOKEN".equals(e.get("type")))
                            .toList());
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            assertThat(events(annToken, "?kind=user&max=1000&dateFrom=" + today + "&dateTo=" + today))
                    .isEqualTo(all);
            assertThat(events(
                            annToken,
                            "?kind=user&dateTo=" + LocalDate.now(ZoneOffset.UTC).minusDays(1)))
                    .isEmpty();
        }

        @Test
        void badFiltersAre400NamingTheParameter() {
            String annToken = api.token("ann", "acme");
            Map<String, String> cases = Map.of(
                    "?type=create",
                    "type:",
                    "?type=" + "A".repeat(65),
                    "type:",
                    "?dateFrom=2026-13-01",
                    "dateFrom:",
                    "?dateFrom=2026-02-30",
                    "dateFrom:",
                    "?dateTo=yesterday",
                    "dateTo:",
                    "?dateFrom=1700000000000",
                    "dateFrom:",
                    "?dateFrom=2026-03-02&dateTo=2026-03-01",
                    "dateFrom:",
                    "?kind=user&type=x%27",
                    "type:");
            cases.forEach((query, field) -> {
                Http.Response response = api.get("/acme/events" + query, annToken);
                assertError(response, 400, "invalid_request");
                assertThat(response.string("error_description")).as(query).startsWith(field);
            });
            assertError(api.get("/acme/events?type=CREATE", api.token("vic", "acme")), 403, "access_denied");
        }

        private static List<Map<String, Object>> events(String token, String query) {
            Http.Response response = api.get("/acme/events" + query, token);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.jsonList().stream()
                    .map(e -> (Map<String, Object>) e)
                    .toList();
        }
    }

    @Nested
    class Grantable {

        /**
         * For a holder of manage-roles and manage-invitations (and view-members), {@code grantable} is exactly what
         * granting and inviting then allow: every role is granted (204) and invited with (201) when grantable, 403
         * when not. A tenant admin and a realm admin may hand out every role.
         */
        @Test
        void grantableIsExactlyWhatGrantingAndInvitingAllow() {
            String rita = api.token("rita", "acme");
            List<Map<String, Object>> roles = roles(rita);
            Set<String> grantable = new TreeSet<>();
            Set<String> notGrantable = new TreeSet<>();
            for (Map<String, Object> role : roles) {
                (Boolean.TRUE.equals(role.get("grantable")) ? grantable : notGrantable).add((String) role.get("path"));
            }
            assertThat(notGrantable).containsExactly("/admins");
            assertThat(grantable).containsExactlyInAnyOrder("/viewers", "/role-managers", "/staff");
            List<String> mismatches = new ArrayList<>();
            for (Map<String, Object> role : roles) {
                String id = (String) role.get("id");
                boolean may = Boolean.TRUE.equals(role.get("grantable"));
                Http.Response grant = api.call("PUT", "/acme/members/" + target + "/roles/" + id, null, rita);
                if (grant.status() != (may ? 204 : 403)) {
                    mismatches.add("grant " + role.get("path") + ": " + grant);
                }
                api.realm.adminCall("DELETE", "/organizations/" + acme + "/groups/" + id + "/members/" + target, null);
                Http.Response invite = api.call(
                        "POST",
                        "/acme/invitations",
                        Map.of("email", "grantable-" + role.get("name") + "@users.test", "roles", List.of(id)),
                        rita);
                if (invite.status() != (may ? 201 : 403)) {
                    mismatches.add("invite with " + role.get("path") + ": " + invite);
                }
            }
            assertThat(mismatches).isEmpty();
            assertThat(roles(api.token("ann", "acme")))
                    .allSatisfy(r -> assertThat(r).containsEntry("grantable", true));
            assertThat(roles(root())).allSatisfy(r -> assertThat(r).containsEntry("grantable", true));
            assertThat(roles(api.token("vic", "acme")))
                    .filteredOn(r -> "/viewers".equals(r.get("path")))
                    .allSatisfy(r -> assertThat(r).containsEntry("grantable", true));
        }

        @Test
        void aMembersRolesCarryGrantableToo() {
            api.realm.joinOrganizationGroup(acme, acmeAdmins, target);
            try {
                List<Object> roles = api.get("/acme/members/" + target + "/roles", api.token("rita", "acme"))
                        .jsonList();
                assertThat(roles).singleElement().satisfies(r -> assertThat((Map<String, Object>) r)
                        .containsEntry("path", "/admins")
                        .containsEntry("grantable", false));
                assertError(
                        api.call(
                                "DELETE", "/acme/members/" + target + "/roles/admins", null, api.token("rita", "acme")),
                        403,
                        "access_denied");
            } finally {
                api.realm.adminCall(
                        "DELETE", "/organizations/" + acme + "/groups/" + acmeAdmins + "/members/" + target, null);
            }
        }

        private static List<Map<String, Object>> roles(String token) {
            Http.Response response = api.get("/acme/roles", token);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.jsonList().stream()
                    .map(r -> (Map<String, Object>) r)
                    .toList();
        }
    }
}

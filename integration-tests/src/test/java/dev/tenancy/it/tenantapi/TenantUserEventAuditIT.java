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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The tenant audit's user events ({@code GET /{alias}/events?kind=user}) read through the pack's index of stored user
 * events by tenant ({@code TENANCY_EVENT_TENANT}, written by the global event listener {@code tenancy-tenant-events}):
 * exactly Keycloak's stored events that name the tenant, newest first, paged; a tenant created again under an old
 * alias sees none of the old tenant's events; events Keycloak deleted are not shown; on PostgreSQL, a removed
 * tenant's rows (index rows and invitations) are gone and the page query is an index range.
 */
@KeycloakIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class TenantUserEventAuditIT {

    static TenantApi api;
    static String acme;
    static String globex;

    @BeforeAll
    static void setUp(TestRealm realm) {
        api = TenantApi.setUp(realm);
        api.createRealmAdmin("root");
        String root = api.token("root", null);
        String ann = realm.createUser("ann", "ann@acme.test");
        String gus = realm.createUser("gus", "gus@globex.test");
        acme = api.call("POST", "", Map.of("alias", "acme", "name", "Acme", "adminUserId", ann), root)
                .string("id");
        globex = api.call("POST", "", Map.of("alias", "globex", "name", "Globex", "adminUserId", gus), root)
                .string("id");
        String sam = realm.createUser("sam", "sam@both.test");
        realm.addMember(acme, sam);
        realm.addMember(globex, sam);
        realm.createUser("carl", "carl@nowhere.test");
    }

    @Test
    @Order(1)
    void theUserEventsAreExactlyKeycloaksStoredEventsNamingTheTenantNewestFirst(TestRealm realm) {
        Http.Response login = realm.passwordGrant(TenantApi.APP, "sam", "openid organization:globex");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        Http.Response switched = realm.refreshGrant(TenantApi.APP, login.string("refresh_token"), "tenant", "acme");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        Http.Response inAcme = realm.refreshGrant(TenantApi.APP, switched.string("refresh_token"));
        assertThat(inAcme.status()).as(inAcme.toString()).isEqualTo(200);
        // refused: carl is in no tenant; the error event names the tenant he asked for
        assertThat(realm.passwordGrant(TenantApi.APP, "carl", "openid organization:acme")
                        .status())
                .isEqualTo(400);

        List<Object> acmeEvents = userEvents("acme", api.token("ann", "acme"), "&max=500");
        List<Object> globexEvents = userEvents("globex", api.token("gus", "globex"), "&max=500");
        // as sets: Keycloak's endpoint leaves the order of events of the same millisecond open
        assertThat(ids(acmeEvents)).containsExactlyInAnyOrderElementsOf(ids(stockEventsNaming(realm, "acme", acme)));
        assertThat(ids(globexEvents))
                .containsExactlyInAnyOrderElementsOf(ids(stockEventsNaming(realm, "globex", globex)));

        // the switch is in both trails; the refresh in acme and acme's refused login only in acme's
        String switchId = ids(stockEventsNaming(realm, "acme", acme)).stream()
                .filter(id -> ids(globexEvents).contains(id))
                .findFirst()
                .orElseThrow();
        Map<String, Object> switchEvent = (Map<String, Object>) acmeEvents.stream()
                .filter(e -> switchId.equals(((Map<String, Object>) e).get("id")))
                .findFirst()
                .orElseThrow();
        assertThat(switchEvent).containsEntry("kind", "user").containsEntry("type", "REFRESH_TOKEN");
        assertThat((Map<String, Object>) switchEvent.get("details"))
                .containsEntry("from_tenant", "globex")
                .containsEntry("to_tenant", "acme");
        assertThat(acmeEvents)
                .extracting(e -> ((Map<String, Object>) e).get("type").toString())
                .contains("REFRESH_TOKEN", "LOGIN_ERROR");
        assertThat(globexEvents)
                .extracting(e -> ((Map<String, Object>) e).get("type").toString())
                .doesNotContain("LOGIN_ERROR");
        assertThat(acmeEvents)
                .extracting(e -> ((Number) ((Map<String, Object>) e).get("time")).longValue())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(acmeEvents.size()).as("the switch and the refused login").isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void pagesAreSlicesOfTheSameOrder() {
        String token = api.token("ann", "acme");
        String refresh = realmLogin("sam", "globex");
        for (String to : List.of("acme", "globex", "acme")) {
            Http.Response switched = api.realm.refreshGrant(TenantApi.APP, refresh, "tenant", to);
            assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
            refresh = switched.string("refresh_token");
        }
        List<String> all = ids(userEvents("acme", token, "&max=500"));
        assertThat(all.size()).isGreaterThanOrEqualTo(4);
        assertThat(ids(userEvents("acme", token, "&first=1&max=2"))).isEqualTo(all.subList(1, 3));
        assertThat(ids(userEvents("acme", token, "&first=" + all.size() + "&max=10")))
                .isEmpty();
        assertError(api.get("/acme/events?kind=user&max=0", token), 400, "invalid_request");
    }

    @Test
    @Order(3)
    void aTenantCreatedAgainUnderAnOldAliasSeesNoneOfTheOldTenantsEvents(TestRealm realm, KeycloakServer server)
            throws SQLException {
        String root = api.token("root", null);
        String vera = realm.createUser("vera", "vera@phoenix.test");
        String first = api.call("POST", "", Map.of("alias", "phoenix", "name", "Phoenix", "adminUserId", vera), root)
                .string("id");
        // carl is no member: his refused request names the tenant
        assertThat(realm.passwordGrant(TenantApi.APP, "carl", "openid organization:phoenix")
                        .status())
                .isEqualTo(400);
        List<String> old = ids(userEvents("phoenix", api.token("vera", "phoenix"), "&max=500"));
        assertThat(old).as("carl's refused request to the first phoenix").isNotEmpty();

        Http.Response invited = api.call(
                "POST", "/phoenix/invitations", Map.of("email", "friend@phoenix.test"), api.token("vera", "phoenix"));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        realm.adminOk("DELETE", "/organizations/" + first, null);
        String second = api.call(
                        "POST", "", Map.of("alias", "phoenix", "name", "Phoenix again", "adminUserId", vera), root)
                .string("id");
        assertThat(second).isNotEqualTo(first);
        assertThat(realm.passwordGrant(TenantApi.APP, "carl", "openid organization:phoenix")
                        .status())
                .isEqualTo(400);
        List<String> now = ids(userEvents("phoenix", api.token("vera", "phoenix"), "&max=500"));
        assertThat(now)
                .as("the old tenant's events, stored under the same alias")
                .doesNotContainAnyElementsOf(old);
        assertThat(now).as("carl's refused request to the new phoenix").hasSize(1);

        if (server.jdbcUrl().isPresent()) {
            try (Connection db = DriverManager.getConnection(server.jdbcUrl().get(), server.databaseUser(), "")) {
                assertThat(count(db, "SELECT count(*) FROM TENANCY_EVENT_TENANT WHERE ORGANIZATION_ID = ?", first))
                        .as("index rows of the removed tenant")
                        .isZero();
                assertThat(count(db, "SELECT count(*) FROM TENANCY_INVITATION WHERE ORGANIZATION_ID = ?", first))
                        .as("invitations of the removed tenant")
                        .isZero();
                assertThat(count(db, "SELECT count(*) FROM TENANCY_EVENT_TENANT WHERE ORGANIZATION_ID = ?", second))
                        .isEqualTo(now.size());
            }
        }
    }

    @Test
    @Order(4)
    void onPostgresqlAPageIsARangeOfTheTenantsIndex(KeycloakServer server) throws SQLException {
        Assumptions.assumeTrue(
                server.jdbcUrl().isPresent(),
                "needs PostgreSQL (mvn verify -Ppostgres): the embedded "
                        + "H2 database is held by the Keycloak process");
        try (Connection db = DriverManager.getConnection(server.jdbcUrl().get(), server.databaseUser(), "")) {
            try (var off = db.createStatement()) {
                off.execute("SET enable_seqscan = off"); // a tiny table: ask whether the index CAN serve the query
            }
            String plan = plan(
                    db,
                    "EXPLAIN SELECT e.* FROM TENANCY_EVENT_TENANT t"
                            + " JOIN EVENT_ENTITY e ON e.ID = t.EVENT_ID WHERE t.ORGANIZATION_ID = ? AND t.REALM_ID = ?"
                            + " ORDER BY t.EVENT_TIME DESC, t.EVENT_ID DESC OFFSET 0 ROWS FETCH FIRST 50 ROWS ONLY",
                    acme,
                    "any");
            assertThat(plan.toLowerCase())
                    .as(plan)
                    .contains("idx_tenancy_event_org_time")
                    .doesNotContain("sort");
            // the portal's filters (type, dateFrom, dateTo): the dates narrow the same range, the type filters it
            String filtered = plan(
                    db,
                    "EXPLAIN SELECT e.* FROM TENANCY_EVENT_TENANT t"
                            + " JOIN EVENT_ENTITY e ON e.ID = t.EVENT_ID WHERE t.ORGANIZATION_ID = ? AND t.REALM_ID = ?"
                            + " AND e.TYPE = ? AND t.EVENT_TIME >= ? AND t.EVENT_TIME <= ?"
                            + " ORDER BY t.EVENT_TIME DESC, t.EVENT_ID DESC OFFSET 0 ROWS FETCH FIRST 50 ROWS ONLY",
                    acme,
                    "any",
                    "REFRESH_TOKEN",
                    0L,
                    Long.MAX_VALUE);
            assertThat(filtered.toLowerCase())
                    .as(filtered)
                    .contains("idx_tenancy_event_org_time")
                    .doesNotContain("sort");
            // and the admin events' query (TenantJpaQueries.adminEvents) with the same filters
            String admin = plan(
                    db,
                    "EXPLAIN SELECT * FROM ADMIN_EVENT_ENTITY e WHERE e.REALM_ID = ?"
                            + " AND SUBSTR(e.RESOURCE_PATH, 15, 36) = ? AND SUBSTR(e.RESOURCE_PATH, 1, 14) = 'organizations/'"
                            + " AND (LENGTH(e.RESOURCE_PATH) = 50 OR SUBSTR(e.RESOURCE_PATH, 51, 1) = '/')"
                            + " AND e.OPERATION_TYPE = ? AND e.ADMIN_EVENT_TIME >= ? AND e.ADMIN_EVENT_TIME <= ?"
                            + " ORDER BY e.ADMIN_EVENT_TIME DESC OFFSET 0 ROWS FETCH FIRST 50 ROWS ONLY",
                    "any",
                    acme,
                    "CREATE",
                    0L,
                    Long.MAX_VALUE);
            assertThat(admin.toLowerCase())
                    .as(admin)
                    .contains("idx_tenancy_admin_event_org")
                    .doesNotContain("sort");
        }
    }

    private static String plan(Connection db, String explainSql, Object... parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = db.prepareStatement(explainSql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Test
    @Order(5)
    void eventsKeycloakDeletedAreNotShown(TestRealm realm) {
        String token = api.token("ann", "acme");
        assertThat(userEvents("acme", token, "&max=500")).isNotEmpty();
        realm.adminOk("DELETE", "/events", null);
        assertThat(userEvents("acme", token, "&max=500")).isEmpty();
    }

    private static String realmLogin(String username, String alias) {
        Http.Response login = api.realm.passwordGrant(TenantApi.APP, username, "openid organization:" + alias);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.string("refresh_token");
    }

    private static List<Object> userEvents(String alias, String token, String query) {
        Http.Response response = api.get("/" + alias + "/events?kind=user" + query, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.jsonList();
    }

    /** Keycloak's own events endpoint (newest first), filtered here by the details that name the tenant. */
    private static List<Object> stockEventsNaming(TestRealm realm, String alias, String id) {
        List<Object> naming = new ArrayList<>();
        for (Object event : realm.adminCall("GET", "/events?max=1000", null).jsonList()) {
            Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) event).get("details");
            if (details != null
                    && (alias.equals(details.get("tenant"))
                            || alias.equals(details.get("from_tenant"))
                            || alias.equals(details.get("to_tenant"))
                            || id.equals(details.get("tenant_id")))) {
                naming.add(event);
            }
        }
        return naming;
    }

    private static List<String> ids(List<Object> events) {
        return events.stream()
                .map(e -> Objects.toString(((Map<String, Object>) e).get("id")))
                .toList();
    }

    private static long count(Connection db, String sql, String value) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}

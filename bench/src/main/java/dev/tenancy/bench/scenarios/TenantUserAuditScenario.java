package dev.tenancy.bench.scenarios;

import static dev.tenancy.bench.BenchRealm.expect;
import static dev.tenancy.bench.scenarios.AuditQueries.literal;
import static dev.tenancy.bench.scenarios.AuditQueries.ms;
import static dev.tenancy.bench.scenarios.AuditQueries.numbered;
import static dev.tenancy.bench.scenarios.AuditQueries.printPlan;
import static dev.tenancy.bench.scenarios.AuditQueries.readPage;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.Http;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tenant's login-side audit page ({@code events?kind=user}) in a realm with many stored user events (default
 * 1,000,000; {@code bench.audit.events}) naming many tenants (default 1,000; {@code bench.audit.tenants}), on
 * PostgreSQL.
 *
 * <p>A: Keycloak's own events endpoint ({@code /admin/realms/{r}/events}, realm admin's token), a page of the realm's
 * events newest first along Keycloak's {@code (REALM_ID, EVENT_TIME)} index: what reading a page of stored events
 * costs stock Keycloak, with no tenant filter (it has none). B: the tenant API's {@code events?kind=user} with a
 * tenant admin's token, through the pack's {@code TENANCY_EVENT_TENANT} index. Both 50 events per page over HTTP.
 * The set-up also times, over JDBC, the query the endpoint ran before (a {@code LIKE} on the details JSON, newest
 * first) against the new one, and prints both plans.</p>
 *
 * <p>Seeding: one {@code INSERT ... SELECT generate_series} into {@code EVENT_ENTITY} ({@code REFRESH_TOKEN} events
 * whose details name tenant {@code t<k>}, round-robin; the measured tenant is {@code t1}, a real tenant), then the
 * rows the pack's listener writes for such events, one per event, into {@code TENANCY_EVENT_TENANT}, then
 * {@code ANALYZE}.</p>
 */
public final class TenantUserAuditScenario implements Scenario {

    static final String REALM = "bench-tenant-audit-user";
    static final String TENANT = "t1";
    private static final String REALM_ADMIN = "realm-admin";
    private static final String TENANT_ADMIN = "tenant-admin";
    private static final int PAGE = 50;
    private static final Duration LONG_CALL = Duration.ofMinutes(15);

    /** The former query as Hibernate sent it (parameters: realm, 4 patterns twice, offset, limit). */
    static final String FORMER_SQL = "SELECT * FROM EVENT_ENTITY e WHERE e.REALM_ID = ? AND ("
            + "e.DETAILS_JSON_LONG_VALUE LIKE ? ESCAPE '\\' OR e.DETAILS_JSON LIKE ? ESCAPE '\\' OR "
            + "e.DETAILS_JSON_LONG_VALUE LIKE ? ESCAPE '\\' OR e.DETAILS_JSON LIKE ? ESCAPE '\\' OR "
            + "e.DETAILS_JSON_LONG_VALUE LIKE ? ESCAPE '\\' OR e.DETAILS_JSON LIKE ? ESCAPE '\\' OR "
            + "e.DETAILS_JSON_LONG_VALUE LIKE ? ESCAPE '\\' OR e.DETAILS_JSON LIKE ? ESCAPE '\\')"
            + " ORDER BY e.EVENT_TIME DESC, e.ID OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";
    /** The new query, as {@code TenantuserEvents} sends it (parameters: tenant id, realm, offset, limit). */
    static final String NEW_SQL = "SELECT e.* FROM TENANCY_EVENT_TENANT t JOIN EVENT_ENTITY e ON e.ID = t.EVENT_ID"
            + " WHERE t.ORGANIZATION_ID = ? AND t.REALM_ID = ? ORDER BY t.EVENT_TIME DESC, t.EVENT_ID DESC"
            + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";

    private final int events = Integer.getInteger("bench.audit.events", 1_000_000);
    private final int tenants = Integer.getInteger("bench.audit.tenants", 1_000);

    @Override
    public String name() {
        return "tenant-audit-user";
    }

    @Override
    public String description() {
        return "a tenant's login-side audit page (" + PAGE
                + " user events, newest first, first and a deeper page) in a "
                + "realm with " + events + " stored user events naming " + tenants + " tenants (PostgreSQL); A: stock "
                + "events endpoint, a page of the realm's events; B: the tenant API's events?kind=user (indexed)";
    }

    @Override
    public List<Comparison> setUpComparisons(BenchContext context) throws Exception {
        String jdbcUrl = context.postgresJdbcUrl()
                .orElseThrow(() -> new IllegalStateException(
                        "tenant-audit-user needs a server the bench started on PostgreSQL (-Dtenancy.db=postgres)"));
        BenchRealm realm = context.createRealm(REALM);
        expect(
                204,
                "PUT realm",
                context.admin(
                        "PUT",
                        "/" + REALM,
                        Map.of(
                                "organizationsEnabled",
                                true,
                                "accessTokenLifespan",
                                7200,
                                "ssoSessionIdleTimeout",
                                7200,
                                "ssoSessionMaxLifespan",
                                36000)));
        realm.createPublicClient("app", List.of(BenchRealm.activeTenantMapper()));
        String organizationId = realm.createTenantThroughApi(TENANT, "Audited Tenant", REALM_ADMIN, TENANT_ADMIN);
        String realmId =
                String.valueOf(context.admin("GET", "/" + REALM, null).json().get("id"));
        int perTenant = events / tenants;
        int deep = Math.max(0, perTenant / 2 / PAGE * PAGE);
        try (Connection db = DriverManager.getConnection(jdbcUrl, context.postgresUser(), "")) {
            seed(db, realmId, organizationId);
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                explain(db, mode, realmId, organizationId);
            }
            timeQueries(db, realmId, organizationId, 0, 20);
            timeQueries(db, realmId, organizationId, deep, 10);
        }

        String realmAdminToken = realm.passwordToken("admin-cli", REALM_ADMIN, "openid");
        String tenantAdminToken = realm.passwordToken("app", TENANT_ADMIN, "openid organization:" + TENANT);
        String stock = context.baseUrl() + "/admin/realms/" + REALM + "/events";
        String ours = realm.url() + "/tenants/" + TENANT + "/events?kind=user";
        HttpResponse<String> check = context.get(ours + "&first=0&max=" + PAGE, tenantAdminToken);
        if (check.statusCode() != 200
                || Http.JSON.readTree(check.body()).size() != PAGE
                || !Http.JSON
                        .readTree(check.body())
                        .get(0)
                        .get("details")
                        .get("tenant")
                        .asText()
                        .equals(TENANT)) {
            throw new IllegalStateException("the tenant API's user-event page answered " + check.statusCode() + " "
                    + check.body().substring(0, Math.min(300, check.body().length())));
        }
        return List.of(
                compare(context, "page-first", stock + "?", ours + "&", 0, realmAdminToken, tenantAdminToken),
                compare(context, "page-deep", stock + "?", ours + "&", deep, realmAdminToken, tenantAdminToken));
    }

    private static Comparison compare(
            BenchContext context,
            String part,
            String stock,
            String ours,
            int first,
            String realmAdminToken,
            String tenantAdminToken) {
        String page = "first=" + first + "&max=" + PAGE;
        return new Comparison(
                part,
                new Configuration(
                        "stock events endpoint, realm page, first=" + first,
                        worker -> context.get(stock + page, realmAdminToken)),
                new Configuration(
                        "tenant API events?kind=user, indexed, first=" + first,
                        worker -> context.get(ours + page, tenantAdminToken)));
    }

    private void seed(Connection db, String realmId, String organizationId) throws SQLException {
        long start = System.nanoTime();
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO EVENT_ENTITY (ID, EVENT_TIME, TYPE, REALM_ID, CLIENT_ID, USER_ID, SESSION_ID, IP_ADDRESS,
                    DETAILS_JSON)
                SELECT gen_random_uuid()::text, ? - i * 37, 'REFRESH_TOKEN', ?, 'app', md5(i::text)::uuid::text,
                    md5('s' || i)::uuid::text, '127.0.0.1',
                    '{"token_id":"' || md5('t' || i)::uuid::text || '","grant_type":"refresh_token","tenant":"t'
                        || (i % ?) || '","client_auth_method":"client-secret"}'
                FROM generate_series(1, ?) AS i""")) {
            insert.setLong(1, System.currentTimeMillis());
            insert.setString(2, realmId);
            insert.setInt(3, tenants);
            insert.setInt(4, events);
            insert.executeUpdate();
        }
        // the rows TenantEventIndexListener writes for these events: t1 is the real tenant, the others stand-ins
        try (PreparedStatement index = db.prepareStatement("""
                INSERT INTO TENANCY_EVENT_TENANT (EVENT_ID, ORGANIZATION_ID, REALM_ID, EVENT_TIME)
                SELECT e.ID, CASE WHEN e.DETAILS_JSON LIKE '%"tenant":"t1"%' THEN ?
                    ELSE md5(substring(e.DETAILS_JSON from '"tenant":"(t[0-9]+)"'))::uuid::text END, e.REALM_ID,
                    e.EVENT_TIME
                FROM EVENT_ENTITY e WHERE e.REALM_ID = ?""")) {
            index.setString(1, organizationId);
            index.setString(2, realmId);
            index.executeUpdate();
        }
        db.commit();
        db.setAutoCommit(true);
        try (Statement analyze = db.createStatement()) {
            analyze.execute("ANALYZE EVENT_ENTITY");
            analyze.execute("ANALYZE TENANCY_EVENT_TENANT");
        }
        long ofTenant;
        try (PreparedStatement count =
                db.prepareStatement("SELECT count(*) FROM TENANCY_EVENT_TENANT WHERE ORGANIZATION_ID = ?")) {
            count.setString(1, organizationId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                ofTenant = row.getLong(1);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  SEEDED %d user events over %d tenants, and their index rows, in %.1f s (SQL, "
                        + "then ANALYZE); the measured tenant has %d of them%n",
                events,
                tenants,
                (System.nanoTime() - start) / 1e9,
                ofTenant);
    }

    private static void explain(Connection db, String mode, String realmId, String organizationId) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("SET plan_cache_mode = " + mode);
            statement.execute("DEALLOCATE ALL");
            statement.execute("PREPARE former(varchar, varchar, varchar, varchar, varchar, varchar, varchar, varchar,"
                    + " varchar, bigint, bigint) AS " + numbered(FORMER_SQL));
            statement.execute("PREPARE fresh(varchar, varchar, bigint, bigint) AS " + numbered(NEW_SQL));
            String[] patterns = formerPatterns(organizationId);
            StringBuilder formerArgs = new StringBuilder(literal(realmId));
            for (String pattern : patterns) {
                formerArgs.append(", ").append(literal(pattern)).append(", ").append(literal(pattern));
            }
            printPlan(
                    statement,
                    "former (LIKE on the details JSON), " + mode,
                    "EXPLAIN (ANALYZE, BUFFERS) EXECUTE former(" + formerArgs + ", 0, " + PAGE + ")");
            printPlan(
                    statement,
                    "new (TENANCY_EVENT_TENANT), " + mode,
                    "EXPLAIN (ANALYZE, BUFFERS) EXECUTE fresh(" + literal(organizationId) + ", " + literal(realmId)
                            + ", 0, " + PAGE + ")");
            statement.execute("RESET plan_cache_mode");
            statement.execute("DEALLOCATE ALL");
        }
    }

    /** The four patterns of the former query: tenant, to_tenant, from_tenant (alias) and tenant_id (id). */
    private static String[] formerPatterns(String organizationId) {
        return new String[] {
            "%\"tenant\":\"" + TENANT + "\"%",
            "%\"to\\_tenant\":\"" + TENANT + "\"%",
            "%\"from\\_tenant\":\"" + TENANT + "\"%",
            "%\"tenant\\_id\":\"" + organizationId + "\"%"
        };
    }

    private static void timeQueries(Connection db, String realmId, String organizationId, int first, int runs)
            throws SQLException {
        long[] former = new long[runs];
        long[] fresh = new long[runs];
        String[] patterns = formerPatterns(organizationId);
        try (PreparedStatement a = db.prepareStatement(FORMER_SQL);
                PreparedStatement b = db.prepareStatement(NEW_SQL)) {
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                a.setString(1, realmId);
                for (int p = 0; p < patterns.length; p++) {
                    a.setString(2 + 2 * p, patterns[p]);
                    a.setString(3 + 2 * p, patterns[p]);
                }
                a.setLong(10, first);
                a.setLong(11, PAGE);
                readPage(a, PAGE);
                former[i] = System.nanoTime() - start;
                start = System.nanoTime();
                b.setString(1, organizationId);
                b.setString(2, realmId);
                b.setLong(3, first);
                b.setLong(4, PAGE);
                readPage(b, PAGE);
                fresh[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(former);
        Arrays.sort(fresh);
        System.out.printf(
                Locale.ROOT,
                "  JDBC, first=%d, %d runs each: former query p50 %.2f ms, p95 %.2f ms | new query "
                        + "p50 %.2f ms, p95 %.2f ms | p95 new/former %.4f%n",
                first,
                runs,
                ms(former, 50),
                ms(former, 95),
                ms(fresh, 50),
                ms(fresh, 95),
                ms(fresh, 95) / ms(former, 95));
    }

    @Override
    public void tearDown(BenchContext context) {
        if (!context.databaseDroppedAtEnd()) {
            context.removeRealm(REALM, LONG_CALL);
        }
    }
}

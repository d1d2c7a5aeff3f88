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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tenant's audit page in a realm with many admin events (default 1,000,000; system property
 * {@code bench.audit.events}) spread over many tenants (default 1,000; {@code bench.audit.tenants}), on PostgreSQL.
 *
 * <p>A: Keycloak's own admin-events endpoint ({@code /admin/realms/{r}/admin-events?resourcePath=organizations/<id>*})
 * with a realm admin's token: Keycloak's {@code AdminEventQuery} with that resource path, newest first, which is
 * exactly the query the tenant API's audit endpoint ran before it had its own ({@code REALM_ID = ? AND RESOURCE_PATH
 * LIKE 'organizations/<id>%' ORDER BY ADMIN_EVENT_TIME DESC}); it cannot use our index. B: the tenant API's
 * audit endpoint ({@code /realms/{r}/tenants/{alias}/events}) with a tenant admin's token, whose query the index
 * {@code IDX_TENANCY_ADMIN_EVENT_ORG} serves. Both over HTTP with token checks, 50 events per page.</p>
 *
 * <p>Seeding: one {@code INSERT ... SELECT generate_series} over JDBC into the server's {@code ADMIN_EVENT_ENTITY}
 * (the columns Keycloak writes for an organization-membership admin event), then {@code ANALYZE}. One event in ten is
 * a user event ({@code users/<id>}), the rest go round-robin to the tenants, so the measured tenant has
 * events/tenants * 0.9 of them. The plans of both queries are printed ({@code EXPLAIN ANALYZE}).</p>
 */
public final class TenantAuditScenario implements Scenario {

    static final String REALM = "bench-tenant-audit";
    static final String TENANT = "audited";
    private static final String REALM_ADMIN = "realm-admin";
    private static final String TENANT_ADMIN = "tenant-admin";
    private static final int PAGE = 50;
    private static final Duration LONG_CALL = Duration.ofMinutes(15);

    private final int events = Integer.getInteger("bench.audit.events", 1_000_000);
    private final int tenants = Integer.getInteger("bench.audit.tenants", 1_000);

    @Override
    public String name() {
        return "tenant-audit";
    }

    @Override
    public String description() {
        return "a tenant's audit page (" + PAGE
                + " admin events, newest first, first and a deeper page) in a realm with "
                + events + " admin events over " + tenants + " tenants (PostgreSQL); A: stock admin-events endpoint "
                + "filtered by the tenant's resource path (the tenant API's former query), B: the tenant API's audit "
                + "endpoint (indexed query)";
    }

    @Override
    public List<Comparison> setUpComparisons(BenchContext context) throws Exception {
        String jdbcUrl = context.postgresJdbcUrl()
                .orElseThrow(() -> new IllegalStateException(
                        "tenant-audit needs a server the bench started on PostgreSQL (-Dtenancy.db=postgres)"));
        long start = System.nanoTime();
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
        System.out.printf("  realm, clients, admins and tenant set up in %.1f s%n", (System.nanoTime() - start) / 1e9);

        String realmId =
                String.valueOf(context.admin("GET", "/" + REALM, null).json().get("id"));
        try (Connection db = DriverManager.getConnection(jdbcUrl, context.postgresUser(), "")) {
            seed(db, realmId, organizationId);
            explain(db, realmId, organizationId);
            int deepFirst = Math.max(0, (int) (events * 0.9 / tenants) / 2 / PAGE * PAGE);
            timeQueries(db, realmId, organizationId, 0, 40);
            timeQueries(db, realmId, organizationId, deepFirst, 20);
        }

        String realmAdminToken = realm.passwordToken("admin-cli", REALM_ADMIN, "openid");
        String tenantAdminToken = realm.passwordToken("app", TENANT_ADMIN, "openid organization:" + TENANT);
        String stock = context.baseUrl() + "/admin/realms/" + REALM + "/admin-events?resourcePath=organizations/"
                + organizationId + "*";
        String ours = realm.url() + "/tenants/" + TENANT + "/events?kind=admin";
        int perTenant = (int) (events * 0.9 / tenants);
        int deep = Math.max(0, perTenant / 2 / PAGE * PAGE);
        HttpResponse<String> check = context.get(ours + "&first=0&max=" + PAGE, tenantAdminToken);
        if (check.statusCode() != 200 || Http.JSON.readTree(check.body()).size() != PAGE) {
            throw new IllegalStateException("the tenant API's audit page answered " + check.statusCode() + " "
                    + check.body().substring(0, Math.min(300, check.body().length())));
        }
        HttpResponse<String> stockCheck = context.get(stock + "&first=0&max=" + PAGE, realmAdminToken);
        if (!Http.JSON
                .readTree(stockCheck.body())
                .get(0)
                .get("id")
                .equals(Http.JSON.readTree(check.body()).get(0).get("id"))) {
            throw new IllegalStateException("A and B disagree on the newest event of the tenant");
        }
        return List.of(
                compare(context, "page-first", stock, ours, 0, realmAdminToken, tenantAdminToken),
                compare(context, "page-deep", stock, ours, deep, realmAdminToken, tenantAdminToken));
    }

    private static Comparison compare(
            BenchContext context,
            String part,
            String stock,
            String ours,
            int first,
            String realmAdminToken,
            String tenantAdminToken) {
        String page = "&first=" + first + "&max=" + PAGE;
        return new Comparison(
                part,
                new Configuration(
                        "stock admin-events, former query, first=" + first,
                        worker -> context.get(stock + page, realmAdminToken)),
                new Configuration(
                        "tenant API audit, indexed, first=" + first,
                        worker -> context.get(ours + page, tenantAdminToken)));
    }

    private void seed(Connection db, String realmId, String organizationId) throws SQLException {
        long start = System.nanoTime();
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO ADMIN_EVENT_ENTITY (ID, ADMIN_EVENT_TIME, REALM_ID, OPERATION_TYPE, AUTH_REALM_ID,
                    AUTH_CLIENT_ID, AUTH_USER_ID, IP_ADDRESS, RESOURCE_PATH, RESOURCE_TYPE, DETAILS_JSON)
                SELECT gen_random_uuid()::text, ? - i * 37, ?, 'CREATE', ?, 'app', 'bench-user', '127.0.0.1',
                    CASE WHEN i % 10 = 0 THEN 'users/' || md5(i::text)::uuid::text
                         ELSE 'organizations/' || (CASE WHEN i % ? = 1 THEN ? ELSE md5('org' || (i % ?))::uuid::text END)
                              || '/members/' || md5(i::text)::uuid::text END,
                    CASE WHEN i % 10 = 0 THEN 'USER' ELSE 'ORGANIZATION_MEMBERSHIP' END,
                    CASE WHEN i % 10 = 0 THEN NULL ELSE '{"tenant":"t' || (i % ?) || '"}' END
                FROM generate_series(1, ?) AS i""")) {
            insert.setLong(1, System.currentTimeMillis());
            insert.setString(2, realmId);
            insert.setString(3, realmId);
            insert.setInt(4, tenants);
            insert.setString(5, organizationId);
            insert.setInt(6, tenants);
            insert.setInt(7, tenants);
            insert.setInt(8, events);
            insert.executeUpdate();
        }
        db.commit();
        db.setAutoCommit(true);
        try (Statement analyze = db.createStatement()) {
            analyze.execute("ANALYZE ADMIN_EVENT_ENTITY");
        }
        long ofTenant;
        try (PreparedStatement count = db.prepareStatement(
                "SELECT count(*) FROM ADMIN_EVENT_ENTITY WHERE REALM_ID = ? AND RESOURCE_PATH LIKE ?")) {
            count.setString(1, realmId);
            count.setString(2, "organizations/" + organizationId + "%");
            try (ResultSet row = count.executeQuery()) {
                row.next();
                ofTenant = row.getLong(1);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  SEEDED %d admin events over %d tenants in %.1f s (SQL, then ANALYZE); the "
                        + "measured tenant has %d of them%n",
                events,
                tenants,
                (System.nanoTime() - start) / 1e9,
                ofTenant);
    }

    /** The former query, as Keycloak's {@code AdminEventQuery} sends it (Hibernate's SQL, seen in pg_stat_activity) (parameters: realm, path pattern, offset, limit). */
    static final String FORMER_SQL = "SELECT * FROM ADMIN_EVENT_ENTITY WHERE REALM_ID = ? AND RESOURCE_PATH LIKE ?"
            + " ORDER BY ADMIN_EVENT_TIME DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";
    /** The new query, as {@code TenantJpaQueries} sends it (Hibernate's SQL, seen in pg_stat_activity) (parameters: realm, organization id, offset, limit). */
    static final String NEW_SQL =
            "SELECT * FROM ADMIN_EVENT_ENTITY WHERE REALM_ID = ? AND SUBSTR(RESOURCE_PATH, 15, 36) = ?"
                    + " AND SUBSTR(RESOURCE_PATH, 1, 14) = 'organizations/' AND (LENGTH(RESOURCE_PATH) = 50"
                    + " OR SUBSTR(RESOURCE_PATH, 51, 1) = '/') ORDER BY ADMIN_EVENT_TIME DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";

    /**
     * The plans PostgreSQL picks for both queries as prepared statements, once as a custom plan (values known) and
     * once as the generic plan a pooled connection's prepared statement may switch to after five executions.
     */
    private static void explain(Connection db, String realmId, String organizationId) throws SQLException {
        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
            try (Statement set = db.createStatement()) {
                set.execute("SET plan_cache_mode = " + mode);
            }
            explainOne(
                    db,
                    "former (Keycloak's AdminEventQuery), " + mode,
                    "former",
                    FORMER_SQL,
                    realmId,
                    "organizations/" + organizationId + "%");
            explainOne(db, "new (TenantJpaQueries), " + mode, "fresh", NEW_SQL, realmId, organizationId);
        }
        try (Statement set = db.createStatement()) {
            set.execute("RESET plan_cache_mode");
        }
    }

    private static void explainOne(Connection db, String label, String name, String sql, String realmId, String value)
            throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("DEALLOCATE ALL");
            statement.execute("PREPARE " + name + "(varchar, varchar, bigint, bigint) AS " + numbered(sql));
            printPlan(
                    statement,
                    label,
                    "EXPLAIN (ANALYZE, BUFFERS) EXECUTE " + name + "(" + literal(realmId) + ", " + literal(value)
                            + ", 0, " + PAGE + ")");
        }
    }

    /**
     * Both queries straight over JDBC, alternating, {@code runs} times each with the page's values, as prepared
     * statements (after five runs the driver prepares them on the server, as Keycloak's pool does): the database's
     * share of a page, without HTTP, token checks and JSON.
     */
    private static void timeQueries(Connection db, String realmId, String organizationId, int first, int runs)
            throws SQLException {
        long[] former = new long[runs];
        long[] fresh = new long[runs];
        try (PreparedStatement a = db.prepareStatement(FORMER_SQL);
                PreparedStatement b = db.prepareStatement(NEW_SQL)) {
            for (int i = 0; i < runs; i++) {
                former[i] = time(a, realmId, "organizations/" + organizationId + "%", first);
                fresh[i] = time(b, realmId, organizationId, first);
            }
        }
        java.util.Arrays.sort(former);
        java.util.Arrays.sort(fresh);
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

    private static long time(PreparedStatement statement, String realmId, String value, int first) throws SQLException {
        long start = System.nanoTime();
        statement.setString(1, realmId);
        statement.setString(2, value);
        statement.setLong(3, first);
        statement.setLong(4, PAGE);
        readPage(statement, PAGE);
        return System.nanoTime() - start;
    }

    @Override
    public void tearDown(BenchContext context) {
        if (!context.databaseDroppedAtEnd()) {
            context.removeRealm(REALM, LONG_CALL);
        }
    }
}

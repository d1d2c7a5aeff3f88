package dev.tenancy.bench.scenarios;

import static dev.tenancy.bench.BenchRealm.expect;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.Http;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * One tenant with many members (default 100,000; system property {@code bench.members}): a page of members (the
 * first and a deep one, 50 each), the member count, and a member search by a prefix matching few members and by one
 * matching many. A: Keycloak's own admin API for the organization ({@code /admin/realms/{r}/organizations/{id}/members})
 * with a realm admin's token; B: the tenant API ({@code /realms/{r}/tenants/{alias}/members}) with a tenant admin's
 * token. Seeding is the slow part: on PostgreSQL (bench-started server) in SQL, else through the admin API; with
 * {@code --keep} a later run reuses the seeded realm.
 */
public final class TenantMembersScenario implements Scenario {

    static final String REALM = "bench-tenant-members";
    static final String TENANT = "big";
    private static final String REALM_ADMIN = "realm-admin";
    private static final String TENANT_ADMIN = "tenant-admin";
    private static final int PAGE = 50;
    private static final int IMPORT_BATCH = 1000;
    private static final Duration LONG_CALL = Duration.ofMinutes(15);

    private final int members = Integer.getInteger("bench.members", 100_000);
    /** {@code sql}, {@code api}, or empty for SQL when the bench started the server on PostgreSQL, else the API. */
    private final String seedMethod = System.getProperty("bench.members.seed", "");

    @Override
    public String name() {
        return "tenant-members";
    }

    @Override
    public String description() {
        return "a tenant with " + members
                + " members: member page (first, deep, middle; middle by keyset), count, search (few, many), "
                + PAGE + " per page; A: stock organization admin API with a realm admin's token, B: the tenant API "
                + "with a tenant admin's token";
    }

    @Override
    public List<Comparison> setUpComparisons(BenchContext context) throws Exception {
        String organizationId = seededTenant(context);
        BenchRealm realm = context.realm(REALM);
        String realmAdminToken = realm.passwordToken("admin-cli", REALM_ADMIN, "openid");
        String tenantAdminToken = realm.passwordToken("app", TENANT_ADMIN, "openid organization:" + TENANT);
        String stock = context.baseUrl() + "/admin/realms/" + REALM + "/organizations/" + organizationId + "/members";
        String ours = realm.url() + "/tenants/" + TENANT + "/members";

        // the page before the last full one: OFFSET has to walk past nearly all members (stock), or read from the end
        // (the tenant API); and the middle page, which no direction avoids
        int deep = Math.max(0, (members / PAGE - 2) * PAGE);
        int middle = members / 2 / PAGE * PAGE;
        // member-000000 .. member-<members-1>: the last prefix of 5 digits matches at most 10 members, "member-00"
        // matches 10,000 of 100,000 (all of a tenant with 10,000 or fewer)
        String few = "member-" + String.format(Locale.ROOT, "%05d", (members - 1) / 10);
        String many = "member-00";
        System.out.printf(
                "  search terms: few = '%s' (%d matches), many = '%s' (%d matches); pages: first=%d "
                        + "(deep), first=%d (middle)%n",
                few, matches(few), many, matches(many), deep, middle);

        List<Comparison> comparisons = new ArrayList<>();
        comparisons.add(
                compare(context, "page-first", stock, ours, "?first=0&max=" + PAGE, realmAdminToken, tenantAdminToken));
        comparisons.add(compare(
                context,
                "page-deep",
                stock,
                ours,
                "?first=" + deep + "&max=" + PAGE,
                realmAdminToken,
                tenantAdminToken));
        comparisons.add(compare(
                context,
                "page-middle",
                stock,
                ours,
                "?first=" + middle + "&max=" + PAGE,
                realmAdminToken,
                tenantAdminToken));
        // the same middle page by keyset (after the username before it); stock Keycloak has only offsets
        String beforeMiddle = String.format(Locale.ROOT, "member-%06d", middle - 1);
        comparisons.add(new Comparison(
                "page-middle-after",
                new Configuration(
                        "stock org admin API, first=" + middle,
                        worker -> context.get(stock + "?first=" + middle + "&max=" + PAGE, realmAdminToken)),
                new Configuration(
                        "tenant API, after=" + beforeMiddle,
                        worker -> context.get(ours + "?after=" + beforeMiddle + "&max=" + PAGE, tenantAdminToken))));
        comparisons.add(
                compare(context, "count", stock + "/count", ours + "/count", "", realmAdminToken, tenantAdminToken));
        comparisons.add(compare(
                context,
                "search-few",
                stock,
                ours,
                "?search=" + encode(few) + "&first=0&max=" + PAGE,
                realmAdminToken,
                tenantAdminToken));
        comparisons.add(compare(
                context,
                "search-many",
                stock,
                ours,
                "?search=" + encode(many) + "&first=0&max=" + PAGE,
                realmAdminToken,
                tenantAdminToken));
        warmUpAllParts(comparisons);
        return comparisons;
    }

    /**
     * Each part has its own warmup, but the first part measured would still pay for compiling the code that all
     * parts share (token checks, JSON, the query paths): a few requests of every part first, B many more because
     * each of its requests is much cheaper.
     */
    private static void warmUpAllParts(List<Comparison> comparisons) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            for (Comparison comparison : comparisons) {
                if (i < 3) {
                    comparison.a().request().send(0);
                }
                comparison.b().request().send(0);
            }
        }
        System.out.printf(
                "  all parts warmed up in %.1f s (3 requests of each A, 40 of each B)%n",
                (System.nanoTime() - start) / 1e9);
    }

    private static Comparison compare(
            BenchContext context,
            String part,
            String stockUrl,
            String ourUrl,
            String query,
            String realmAdminToken,
            String tenantAdminToken) {
        return new Comparison(
                part,
                new Configuration("stock org admin API", worker -> context.get(stockUrl + query, realmAdminToken)),
                new Configuration("tenant API", worker -> context.get(ourUrl + query, tenantAdminToken)));
    }

    // ---------------------------------------------------------------------------------------------------- reuse

    /**
     * The organization id of the tenant {@value #TENANT} of {@value #REALM} with {@code bench.members} members: reused
     * from an earlier run ({@code --keep}) or seeded now. Also for {@link PortalMembersScenario}, which measures the
     * same tenant.
     */
    String seededTenant(BenchContext context) throws Exception {
        String organizationId = reusableTenant(context);
        return organizationId != null ? organizationId : seed(context);
    }

    static String realmAdmin() {
        return REALM_ADMIN;
    }

    static String tenantAdmin() {
        return TENANT_ADMIN;
    }

    int members() {
        return members;
    }

    /** The organization id of a realm seeded by an earlier run with the same member count, or null. */
    private String reusableTenant(BenchContext context) {
        Http.Response realm = context.admin("GET", "/" + REALM, null);
        if (realm.status() != 200) {
            return null;
        }
        String organizationId = organizationId(context);
        long count = organizationId == null ? -1 : memberCount(context, organizationId);
        if (count == members + 1L) {
            System.out.printf(
                    "  reusing realm %s from an earlier run (--keep): tenant %s has %d members; no seeding%n",
                    REALM, TENANT, count);
            return organizationId;
        }
        System.out.printf(
                "  realm %s exists with %d members in %s instead of %d: removing it and seeding again%n",
                REALM, count, TENANT, members + 1L);
        context.removeRealm(REALM, LONG_CALL);
        return null;
    }

    private static String organizationId(BenchContext context) {
        // the stock search matches names and domains, not aliases; the realm has this one organization
        Http.Response found = context.admin("GET", "/" + REALM + "/organizations?first=0&max=100", null);
        List<Object> list = found.status() == 200 ? found.jsonList() : List.of();
        return list.stream()
                .map(o -> (Map<?, ?>) o)
                .filter(o -> TENANT.equals(o.get("alias")))
                .map(o -> String.valueOf(o.get("id")))
                .findFirst()
                .orElse(null);
    }

    private static long memberCount(BenchContext context, String organizationId) {
        Http.Response count =
                context.admin("GET", "/" + REALM + "/organizations/" + organizationId + "/members/count", null);
        expect(200, "members/count", count);
        return Long.parseLong(count.body().trim());
    }

    // ---------------------------------------------------------------------------------------------------- seeding

    /**
     * A realm with the app client (tenant mapper), a realm admin, the tenant (created by its future admin's realm admin
     * through the tenant API, so it has its {@code admins} group) and {@code members} more members; returns the
     * organization id.
     */
    private String seed(BenchContext context) throws Exception {
        long start = System.nanoTime();
        BenchRealm realm = context.createRealm(REALM);
        // the measured runs of all parts take minutes: tokens of the default 5 minutes would expire in between
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
        realm.createPublicClient("app");
        String appUuid = realm.clientUuid("app");
        expect(
                201,
                "tenant mapper",
                context.admin(
                        "POST",
                        "/" + REALM + "/clients/" + appUuid + "/protocol-mappers/models",
                        Map.of(
                                "name",
                                "active tenant",
                                "protocol",
                                "openid-connect",
                                "protocolMapper",
                                "oidc-tenant-mapper",
                                "config",
                                Map.of(
                                        "claim.name",
                                        "tenant",
                                        "access.token.claim",
                                        "true",
                                        "id.token.claim",
                                        "true"))));
        String organizationId = realm.createTenantThroughApi(TENANT, "Big Tenant", REALM_ADMIN, TENANT_ADMIN);
        System.out.printf("  realm, clients, admins and tenant set up in %.1f s%n", (System.nanoTime() - start) / 1e9);

        String method = seedMethod.isEmpty() ? (context.postgresJdbcUrl().isPresent() ? "sql" : "api") : seedMethod;
        long seedStart = System.nanoTime();
        switch (method) {
            case "sql" -> seedInSql(context, organizationId);
            case "api" -> seedThroughApi(context, organizationId);
            default -> throw new IllegalArgumentException("bench.members.seed must be sql or api, not " + method);
        }
        long count = memberCount(context, organizationId);
        System.out.printf(
                Locale.ROOT,
                "  SEEDED %d members (%s) in %.1f s; the stock API counts %d members%n",
                members,
                method.equals("sql") ? "bulk SQL on PostgreSQL" : "admin API",
                (System.nanoTime() - seedStart) / 1e9,
                count);
        if (count != members + 1L) {
            throw new IllegalStateException("expected " + (members + 1L) + " members (seeded + tenant admin), the "
                    + "stock API counts " + count);
        }
        return organizationId;
    }

    /**
     * The same rows Keycloak writes for a user created through the admin API without credentials and added to the
     * organization with {@code OrganizationProvider.addMember} (Keycloak 26.7.3's schema): a USER_ENTITY row
     * (lower-case username and e-mail, EMAIL_CONSTRAINT = e-mail since duplicate e-mails are not allowed) and a
     * USER_GROUP_MEMBERSHIP row in the organization's internal group with MEMBERSHIP_TYPE UNMANAGED. Keycloak caches
     * nothing about users it has not loaded yet, so the running server sees them at once. ANALYZE then gives the
     * planner the statistics that autovacuum would collect a minute later.
     */
    private void seedInSql(BenchContext context, String organizationId) throws SQLException {
        String url = context.postgresJdbcUrl()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "bench.members.seed=sql needs a server the bench started on PostgreSQL (-Dtenancy.db=postgres)"));
        String realmId =
                String.valueOf(context.admin("GET", "/" + REALM, null).json().get("id"));
        try (Connection db = DriverManager.getConnection(url, context.postgresUser(), "")) {
            db.setAutoCommit(false);
            String groupId;
            try (PreparedStatement query = db.prepareStatement("SELECT GROUP_ID FROM ORG WHERE ID = ?")) {
                query.setString(1, organizationId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("organization " + organizationId + " not in table ORG");
                    }
                    groupId = row.getString(1);
                }
            }
            long start = System.nanoTime();
            try (PreparedStatement users = db.prepareStatement("""
                    INSERT INTO USER_ENTITY (ID, USERNAME, EMAIL, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED,
                        FIRST_NAME, LAST_NAME, REALM_ID, CREATED_TIMESTAMP, NOT_BEFORE)
                    SELECT gen_random_uuid()::text, 'member-' || lpad(i::text, 6, '0'),
                        'member-' || lpad(i::text, 6, '0') || '@members.bench',
                        'member-' || lpad(i::text, 6, '0') || '@members.bench',
                        TRUE, TRUE, 'Bench', 'User ' || i, ?, ?, 0
                    FROM generate_series(0, ? - 1) AS i""")) {
                users.setString(1, realmId);
                users.setLong(2, System.currentTimeMillis());
                users.setInt(3, members);
                users.executeUpdate();
            }
            try (PreparedStatement memberships = db.prepareStatement("""
                    INSERT INTO USER_GROUP_MEMBERSHIP (GROUP_ID, USER_ID, MEMBERSHIP_TYPE)
                    SELECT ?, ID, 'UNMANAGED' FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE 'member-%'""")) {
                memberships.setString(1, groupId);
                memberships.setString(2, realmId);
                memberships.executeUpdate();
            }
            db.commit();
            db.setAutoCommit(true);
            try (Statement analyze = db.createStatement()) {
                analyze.execute("ANALYZE USER_ENTITY, USER_GROUP_MEMBERSHIP");
            }
            System.out.printf(
                    "  SQL: %d users and memberships inserted and analyzed in %.1f s%n",
                    members, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Users by partial import ({@code POST /admin/realms/{r}/partialImport}, {@value #IMPORT_BATCH} per request, no
     * credentials: no password hashing), then one stock {@code POST .../organizations/{id}/members} per user from
     * as many threads as the bench has workers (Keycloak has no bulk membership call).
     */
    private void seedThroughApi(BenchContext context, String organizationId) throws Exception {
        int threads = Math.max(2, context.workers());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            String importUrl = context.baseUrl() + "/admin/realms/" + REALM + "/partialImport";
            List<Future<List<String>>> batches = new ArrayList<>();
            for (int from = 0; from < members; from += IMPORT_BATCH) {
                int first = from;
                int last = Math.min(members, from + IMPORT_BATCH);
                batches.add(pool.submit(() -> importUsers(context, importUrl, first, last)));
            }
            List<String> userIds = new ArrayList<>(members);
            for (Future<List<String>> batch : batches) {
                userIds.addAll(batch.get());
            }
            System.out.printf(
                    "  API: %d users imported in %.1f s (partialImport, %d per request, %d threads)%n",
                    userIds.size(), (System.nanoTime() - start) / 1e9, IMPORT_BATCH, threads);

            start = System.nanoTime();
            String membersUrl =
                    context.baseUrl() + "/admin/realms/" + REALM + "/organizations/" + organizationId + "/members";
            AtomicInteger next = new AtomicInteger();
            List<Future<Integer>> adders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                adders.add(pool.submit(() -> {
                    int added = 0;
                    for (int i = next.getAndIncrement(); i < userIds.size(); i = next.getAndIncrement()) {
                        HttpResponse<String> response = context.sendJson(
                                "POST",
                                membersUrl,
                                context.adminToken(),
                                Http.JSON.writeValueAsString(userIds.get(i)),
                                Duration.ofMinutes(1));
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("adding member " + userIds.get(i) + " answered HTTP "
                                    + response.statusCode() + " " + response.body());
                        }
                        added++;
                    }
                    return added;
                }));
            }
            int added = 0;
            for (Future<Integer> adder : adders) {
                added += adder.get();
            }
            System.out.printf(
                    "  API: %d memberships added in %.1f s (one POST each, %d threads)%n",
                    added, (System.nanoTime() - start) / 1e9, threads);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> importUsers(BenchContext context, String url, int first, int last) throws Exception {
        List<Map<String, Object>> users = IntStream.range(first, last)
                .mapToObj(i -> {
                    String username = String.format(Locale.ROOT, "member-%06d", i);
                    Map<String, Object> user = new LinkedHashMap<>();
                    user.put("username", username);
                    user.put("email", username + "@members.bench");
                    user.put("emailVerified", true);
                    user.put("enabled", true);
                    user.put("firstName", "Bench");
                    user.put("lastName", "User " + i);
                    return user;
                })
                .toList();
        HttpResponse<String> response = context.sendJson(
                "POST",
                url,
                context.adminToken(),
                Http.JSON.writeValueAsString(Map.of("ifResourceExists", "FAIL", "users", users)),
                LONG_CALL);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "partialImport answered HTTP " + response.statusCode() + " " + response.body());
        }
        Map<?, ?> result = Http.JSON.readValue(response.body(), Map.class);
        List<String> ids = new ArrayList<>();
        for (Object entry : (List<?>) result.get("results")) {
            ids.add(String.valueOf(((Map<?, ?>) entry).get("id")));
        }
        if (ids.size() != last - first) {
            throw new IllegalStateException("partialImport added " + ids.size() + " of " + (last - first) + " users");
        }
        return ids;
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** Seeded usernames (member-000000 ...) containing {@code term}: the search matches on username or e-mail. */
    private long matches(String term) {
        return IntStream.range(0, members)
                .filter(i -> String.format(Locale.ROOT, "member-%06d", i).contains(term))
                .count();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void tearDown(BenchContext context) {
        if (context.keep()) {
            System.out.println("  keeping realm " + REALM + " for the next run (--keep)");
        } else if (!context.databaseDroppedAtEnd()) {
            context.removeRealm(REALM, LONG_CALL);
        }
    }
}

package dev.tenancy.bench.scenarios;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The realm of the many-tenants scenarios, seeded once per run and shared by them: {@code tenants} tenants
 * {@code t00000, t00001, ...}, the public client {@code app} with the "Active tenant" mapper, and one user per
 * membership count: {@code in-1} (t00000), {@code in-2} (t00000, t00001), {@code in-100} (the first 100) and
 * {@code in-N} (all N).
 *
 * <p>Seeded by parallel admin REST calls (create a tenant, add its members), not by one realm import: the import of
 * 5,000 organizations is one transaction that outlived Keycloak's 300 s transaction timeout (HTTP 500). Small calls
 * in parallel keep every transaction short, and the time they take is printed.</p>
 *
 * <p>Except for the memberships of the user in all N tenants: on stock Keycloak the add-member call costs time in
 * proportion to the organizations the user is ALREADY in (loading the user validates it against each of its
 * organizations, {@code Organizations.isReadOnlyOrganizationMember}, one query each), so adding one user to N tenants
 * one call at a time is quadratic: 200 tenants took 75 s, 5,000 would take hours (the pack's organization provider
 * makes that check one query, but the bench keeps the bulk insert: N calls are still N transactions). On PostgreSQL
 * ({@code -Dtenancy.db=postgres}) those N rows are inserted in one SQL statement, the same rows Keycloak's add-member writes
 * ({@code USER_GROUP_MEMBERSHIP}: the tenant's internal group, the user, {@code UNMANAGED}), and Keycloak's user cache
 * is cleared; on the embedded H2, which only the server can open, they are added by REST, up to
 * {@value #MAX_TENANTS_BY_REST} tenants.</p>
 */
final class ManyTenantsRealm {

    static final String NAME = "bench-many-tenants";
    static final String CLIENT = "app";
    /**
     * As {@link #CLIENT}, without the {@code profile} scope: its user-attribute mappers (locale, zoneinfo, picture, ...)
     * make stock Keycloak walk every group of a user who lacks the attribute (KeycloakModelUtils.resolveAttribute ->
     * UserAdapter.getGroupsStream, which looks up each group, organization groups too, before dropping them), about
     * 20 walks per token response. This client shows what is left without them.
     */
    static final String CLIENT_WITHOUT_PROFILE = "app-without-profile";
    /** Admin calls in flight while seeding: enough to keep both cores of the server busy, few enough not to queue. */
    private static final int SEEDING_THREADS = 8;
    /** On H2 the user in all tenants is added by REST, which is quadratic: beyond this, use PostgreSQL. */
    static final int MAX_TENANTS_BY_REST = 500;

    private final BenchRealm realm;
    private final int tenants;

    private ManyTenantsRealm(BenchRealm realm, int tenants) {
        this.realm = realm;
        this.tenants = tenants;
    }

    /** The run's realm with (at least) {@code tenants} tenants, seeded on first use and removed when the run ends. */
    static ManyTenantsRealm of(BenchContext context, int tenants) throws Exception {
        int seeded = Math.max(tenants, 100);
        return context.shared(NAME + ":" + seeded, () -> seed(context, seeded), r -> context.removeRealm(NAME));
    }

    BenchRealm realm() {
        return realm;
    }

    int tenants() {
        return tenants;
    }

    static String alias(int index) {
        return String.format(Locale.ROOT, "t%05d", index);
    }

    /** The user who is a member of exactly the first {@code count} tenants (1, 2, 100 or all). */
    static String userIn(int count) {
        return "in-" + count;
    }

    private static ManyTenantsRealm seed(BenchContext context, int tenants) throws Exception {
        long start = System.nanoTime();
        Optional<Connection> postgres = context.openPostgres();
        if (postgres.isEmpty() && tenants > MAX_TENANTS_BY_REST) {
            throw new IllegalStateException(
                    tenants + " tenants need the bench on PostgreSQL (-Dtenancy.db=postgres): on "
                            + "H2 the user in all of them is added by Keycloak's admin API, which takes time quadratic in the "
                            + "user's tenants; -Dbench.tenants=" + MAX_TENANTS_BY_REST + " at most on H2");
        }
        try (Connection database = postgres.orElse(null)) {
            BenchRealm realm = context.createRealm(NAME);
            realm.update(Map.of("organizationsEnabled", true));
            realm.createPublicClient(CLIENT, List.of(BenchRealm.activeTenantMapper()));
            realm.createPublicClient(CLIENT_WITHOUT_PROFILE, List.of(BenchRealm.activeTenantMapper()));
            realm.removeDefaultClientScope(CLIENT_WITHOUT_PROFILE, "profile");
            int[] counts = {1, 2, 100, tenants};
            String[] userIds = new String[counts.length];
            for (int i = 0; i < counts.length; i++) {
                userIds[i] = realm.createUserWithId(userIn(counts[i]));
            }
            // by REST: every tenant, and every membership but the N of the user in all tenants when on PostgreSQL
            int restUsers = database == null ? counts.length : counts.length - 1;
            AtomicInteger done = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(SEEDING_THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < tenants; t++) {
                    int index = t;
                    futures.add(pool.submit(() -> {
                        String organizationId = realm.createOrganization(alias(index), "Tenant " + index, Map.of());
                        for (int u = 0; u < restUsers; u++) {
                            if (index < counts[u]) {
                                realm.addMember(organizationId, userIds[u]);
                            }
                        }
                        int finished = done.incrementAndGet();
                        if (finished % 1000 == 0) {
                            System.out.printf(
                                    Locale.ROOT,
                                    "  seeding: %d of %d tenants after %.0f s%n",
                                    finished,
                                    tenants,
                                    (System.nanoTime() - start) / 1e9);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(); // the first failed call fails the seeding, with its answer
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
            int calls = tenants + 1 + 2 + 100 + (database == null ? tenants : 0);
            double restSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "  seeded %s by REST: %d tenants, %d admin calls (%d in parallel) in %.1f s " + "(%.0f calls/s)%n",
                    NAME,
                    tenants,
                    calls,
                    SEEDING_THREADS,
                    restSeconds,
                    calls / restSeconds);
            if (database != null) {
                long sqlStart = System.nanoTime();
                int inserted = addToAllTenants(database, userIds[0], userIds[3]);
                analyze(database);
                context.clearUserCache(NAME);
                System.out.printf(
                        Locale.ROOT,
                        "  seeded %s by SQL: %d memberships of %s in %.1f s, then ANALYZE%n",
                        NAME,
                        inserted,
                        userIn(tenants),
                        (System.nanoTime() - sqlStart) / 1e9);
            }
            // Keycloak loads a user that is not in its cache by validating it against every organization it is in
            // (Organizations.isReadOnlyOrganizationMember): stock Keycloak runs a few queries per organization (578 s
            // for 5,000), the pack's organization provider one. Measured here, once, so that no measured request
            // pays it; it recurs whenever the user's cache entry is invalidated.
            long loadStart = System.nanoTime();
            // A load that outlives the transaction timeout still leaves the memberships it checked in the user
            // cache (Keycloak adds them as it goes), so a second attempt gets further.
            Http.Response loaded = null;
            for (int attempt = 1; attempt <= 3 && (loaded == null || loaded.status() != 200); attempt++) {
                loaded = context.admin("GET", "/" + NAME + "/users/" + userIds[3], null, Duration.ofMinutes(15));
                if (loaded.status() != 200) {
                    System.out.printf(
                            Locale.ROOT,
                            "  loading %s: attempt %d answered HTTP %d after %.0f s%n",
                            userIn(tenants),
                            attempt,
                            loaded.status(),
                            (System.nanoTime() - loadStart) / 1e9);
                }
            }
            if (loaded.status() != 200) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "Keycloak could not load the user in %d "
                                + "tenants after a cache clear: HTTP %d after %.0f s (its transaction timeout is 300 s; see "
                                + "the server log); try fewer tenants (-Dbench.tenants)",
                        tenants,
                        loaded.status(),
                        (System.nanoTime() - loadStart) / 1e9));
            }
            System.out.printf(
                    Locale.ROOT,
                    "  first load of %s after a cache clear: %.1f s%n",
                    userIn(tenants),
                    (System.nanoTime() - loadStart) / 1e9);
            expectMemberships(realm, userIds[3], tenants);
            System.out.printf(Locale.ROOT, "  seeded %s in %.1f s%n", NAME, (System.nanoTime() - start) / 1e9);
            return new ManyTenantsRealm(realm, tenants);
        }
    }

    /**
     * Makes {@code userId} a member of every tenant of the realm in one statement: for each organization, the row
     * Keycloak's add-member writes, with the membership type Keycloak wrote for {@code templateUserId} (added by REST).
     */
    private static int addToAllTenants(Connection database, String templateUserId, String userId) throws SQLException {
        String sql = """
                INSERT INTO user_group_membership (group_id, user_id, membership_type)
                SELECT o.group_id, ?, (SELECT m.membership_type FROM user_group_membership m WHERE m.user_id = ? LIMIT 1)
                FROM org o JOIN realm r ON r.id = o.realm_id
                WHERE r.name = ?""";
        try (PreparedStatement insert = database.prepareStatement(sql)) {
            insert.setString(1, userId);
            insert.setString(2, templateUserId);
            insert.setString(3, NAME);
            return insert.executeUpdate();
        }
    }

    /**
     * Statistics of the tables the seeding filled, as PostgreSQL's autovacuum gathers them in production (it is off on
     * this machine's server): without them PostgreSQL plans a user's memberships as a handful of rows and joins all
     * 5,000 of them row by row (the realm-group query: 16 ms instead of 0.5 ms, measured on a busy machine).
     */
    private static void analyze(Connection database) throws SQLException {
        try (Statement analyze = database.createStatement()) {
            analyze.execute("ANALYZE USER_GROUP_MEMBERSHIP, ORG, KEYCLOAK_GROUP, USER_ENTITY");
        }
    }

    /** Through Keycloak's API: the user is a member of exactly {@code tenants} tenants, the last one included. */
    private static void expectMemberships(BenchRealm realm, String userId, int tenants) throws IOException {
        Http.Response organizations = realm.admin(
                "GET", "/organizations/members/" + userId + "/organizations?briefRepresentation=true", null);
        int count = organizations.status() == 200
                ? Http.JSON.readTree(organizations.body()).size()
                : -1;
        if (count != tenants) {
            throw new IllegalStateException("the user in all tenants is a member of " + count + " of " + tenants
                    + " tenants: " + (count < 0 ? organizations.toString() : ""));
        }
    }
}

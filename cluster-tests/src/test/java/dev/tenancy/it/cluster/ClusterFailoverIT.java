package dev.tenancy.it.cluster;

import static dev.tenancy.it.cluster.ClusterRealm.A;
import static dev.tenancy.it.cluster.ClusterRealm.APP;
import static dev.tenancy.it.cluster.ClusterRealm.B;
import static dev.tenancy.it.cluster.ClusterRealm.tenantAlias;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakCluster;
import dev.tenancy.testsupport.KeycloakClusterIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node dies under load: a steady load of logins, refreshes and tenant-API writes (members, role grants, invitations,
 * policies) on both nodes, then {@code kill -9} of node A. Clients of node B go on within seconds (the gap is
 * measured and printed), every write acknowledged with a 2xx before or after the kill is there when read back through
 * B, and A, started again, rejoins the cluster and serves the same data. Figures are printed as {@code [cluster-failover]}
 * lines. Bounded: the load stops by itself (time and operation caps) and stays on 127.0.0.1.
 */
@KeycloakClusterIntegrationTest
class ClusterFailoverIT {

    /** Load before the kill: at least this long, and until every writer had some acknowledged writes. */
    private static final Duration BEFORE_KILL = Duration.ofSeconds(12);
    /** Load after the kill: at least this long, and until every client of B had successes after the kill. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(15);

    private static final Duration MAX_PHASE = Duration.ofSeconds(120);
    private static final int MIN_OPS_PER_PHASE = 3;
    /** The longest pause of node B's clients across the kill that still counts as "continue within seconds". */
    private static final Duration MAX_ACCEPTED_GAP = Duration.ofSeconds(60);

    private static ClusterRealm realm;
    private static KeycloakCluster cluster;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp(KeycloakCluster theCluster, TestRealm testRealm) {
        cluster = theCluster;
        realm = ClusterRealm.setUp(cluster, testRealm);
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        // whatever happened, leave a full cluster for the classes after this one
        if (cluster != null) {
            try {
                Http.get(cluster.node(A) + "/realms/master", Map.of());
            } catch (RuntimeException down) {
                cluster.start(A);
            }
        }
    }

    /** One operation's outcome: acknowledged (2xx), refused (another status) or unknown (no answer). */
    enum Outcome {
        ACKED,
        REFUSED,
        UNKNOWN
    }

    /** What one load client did: completion times of its successes, counts, and the writes it got a 2xx for. */
    static final class Client {
        final String name;
        final int node;
        final List<Long> successTimes = Collections.synchronizedList(new ArrayList<>());
        final Map<Outcome, AtomicInteger> counts = new ConcurrentHashMap<>();
        final Map<String, String> refusals = new ConcurrentHashMap<>();
        final AtomicInteger serverErrors = new AtomicInteger();

        Client(String name, int node) {
            this.name = name;
            this.node = node;
            for (Outcome outcome : Outcome.values()) {
                counts.put(outcome, new AtomicInteger());
            }
        }

        /** Runs one request; 2xx is a success, anything else is counted (a 5xx separately), never thrown. */
        Http.Response call(String what, Supplier<Http.Response> request) {
            Http.Response response;
            try {
                response = request.get();
            } catch (RuntimeException noAnswer) {
                counts.get(Outcome.UNKNOWN).incrementAndGet();
                return null;
            }
            if (response.status() / 100 == 2) {
                counts.get(Outcome.ACKED).incrementAndGet();
                successTimes.add(System.nanoTime());
            } else {
                counts.get(Outcome.REFUSED).incrementAndGet();
                if (response.status() >= 500) {
                    serverErrors.incrementAndGet();
                }
                refusals.putIfAbsent(what + " " + response.status(), response.body());
            }
            return response;
        }

        int successesAfter(long nanos) {
            synchronized (successTimes) {
                return (int) successTimes.stream().filter(t -> t > nanos).count();
            }
        }

        /** The longest time without a success around {@code killNanos}: last success before it to first after it. */
        Duration gapAround(long killNanos) {
            synchronized (successTimes) {
                long before = successTimes.stream()
                        .filter(t -> t <= killNanos)
                        .max(Long::compare)
                        .orElse(killNanos);
                long after = successTimes.stream()
                        .filter(t -> t > killNanos)
                        .min(Long::compare)
                        .orElse(System.nanoTime());
                return Duration.ofNanos(after - before);
            }
        }

        @Override
        public String toString() {
            return name + "@" + (node == A ? "A" : "B") + " " + counts
                    + (serverErrors.get() > 0 ? " 5xx=" + serverErrors : "");
        }
    }

    /** The writes of one writer to its own tenant, in order, with their acknowledgement. */
    static final class Writes {
        final String alias;
        final List<String> members = Collections.synchronizedList(new ArrayList<>());
        final List<String> roleGrants = Collections.synchronizedList(new ArrayList<>());
        final List<String> invitations = Collections.synchronizedList(new ArrayList<>());
        /** The last acknowledged policy value, and the values sent after it that got no answer (may or may not be in). */
        volatile Integer lastAckedMinLength;

        final List<Integer> unknownMinLengthsAfterLastAck = Collections.synchronizedList(new ArrayList<>());

        Writes(String alias) {
            this.alias = alias;
        }
    }

    /** A writer: user (realm admin API), membership, role grant, invitation and every third round a policy change. */
    /** {@code adminToken}: the tenant's admin (roles, invitations, policy); {@code rootToken}: a realm admin (adds). */
    private static void write(Client client, Writes writes, String adminToken, String rootToken, AtomicBoolean stop) {
        for (int round = 0; !stop.get() && round < 10_000; round++) {
            int node = client.node;
            String tag = writes.alias + "-" + round;
            TestRealm onNode = realm.on(node);
            Http.Response user = client.call(
                    "create user",
                    () -> onNode.adminCall(
                            "POST",
                            "/users",
                            Map.of("username", "u-" + tag, "email", "u-" + tag + "@load.test", "enabled", true)));
            if (user == null || user.status() != 201) {
                pauseAfterFailure();
                continue;
            }
            String location = user.header("Location");
            String userId = location.substring(location.lastIndexOf('/') + 1);
            Http.Response member = client.call(
                    "add member",
                    () -> realm.api(
                            node, "POST", "/" + writes.alias + "/members", Map.of("userId", userId), rootToken));
            if (member != null && member.status() == 201) {
                writes.members.add(userId);
                Http.Response grant = client.call(
                        "grant role",
                        () -> realm.api(
                                node,
                                "PUT",
                                "/" + writes.alias + "/members/" + userId + "/roles/members",
                                null,
                                adminToken));
                if (grant != null && grant.status() == 204) {
                    writes.roleGrants.add(userId);
                }
            }
            Http.Response invitation = client.call(
                    "invite",
                    () -> realm.api(
                            node,
                            "POST",
                            "/" + writes.alias + "/invitations",
                            Map.of("email", "i-" + tag + "@load.test"),
                            adminToken));
            if (invitation != null && invitation.status() == 201) {
                writes.invitations.add(invitation.string("id"));
            }
            if (round % 3 == 0) {
                int minLength = 8 + round % 40;
                Http.Response policy = client.call(
                        "policy",
                        () -> realm.api(
                                node,
                                "PUT",
                                "/" + writes.alias + "/policy",
                                Map.of("password.min-length", minLength),
                                adminToken));
                if (policy != null && policy.status() == 200) {
                    writes.lastAckedMinLength = minLength;
                    writes.unknownMinLengthsAfterLastAck.clear();
                } else if (policy == null) {
                    writes.unknownMinLengthsAfterLastAck.add(minLength);
                }
            }
            if (member == null || invitation == null) {
                pauseAfterFailure();
            }
        }
    }

    /** Logins and refreshes: each round a login into the client's tenant and two refreshes of that chain. */
    private static void authenticate(
            Client client, String username, String alias, AtomicBoolean stop, List<String> lastRefreshTokens) {
        for (int round = 0; !stop.get() && round < 10_000; round++) {
            Http.Response login =
                    client.call("login", () -> realm.login(client.node, APP, username, "openid organization:" + alias));
            if (login == null || login.status() != 200) {
                pauseAfterFailure();
                continue;
            }
            String refreshToken = login.string("refresh_token");
            for (int i = 0; i < 2 && refreshToken != null; i++) {
                String presented = refreshToken;
                Http.Response refreshed = client.call("refresh", () -> realm.refresh(client.node, APP, presented));
                refreshToken =
                        refreshed != null && refreshed.status() == 200 ? refreshed.string("refresh_token") : null;
            }
            if (refreshToken != null) {
                lastRefreshTokens.add(refreshToken);
            }
        }
    }

    private static void pauseAfterFailure() {
        try {
            Thread.sleep(200); // a dead node answers at once; do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void killingNodeAUnderLoadLosesNoAcknowledgedWriteAndBCarriesOnWithinSeconds() throws Exception {
        // fixtures: per node one tenant with its admin (writer) and one member (login and refresh client)
        TestRealm onA = realm.on(A);
        Map<Integer, Writes> writes = Map.of(A, new Writes("load-a"), B, new Writes("load-b"));
        Map<Integer, String> adminTokens = new ConcurrentHashMap<>();
        Map<Integer, String> rootTokens = new ConcurrentHashMap<>();
        for (int node : List.of(A, B)) {
            String alias = writes.get(node).alias;
            String admin = onA.createUser("admin-" + alias, "admin-" + alias + "@load.test");
            realm.createTenant(node, alias, admin);
            String member = onA.createUser("user-" + alias, "user-" + alias + "@load.test");
            rootTokens.put(node, realm.token(node, ClusterRealm.REALM_ADMIN, null));
            // a direct add is a realm admin's act (tenant admins invite)
            assertThat(realm.api(node, "POST", "/" + alias + "/members", Map.of("userId", member), rootTokens.get(node))
                            .status())
                    .isEqualTo(201);
            adminTokens.put(node, realm.token(node, "admin-" + alias, alias));
        }

        List<Client> writers = List.of(new Client("writer", A), new Client("writer", B));
        List<Client> authClients = List.of(new Client("auth", A), new Client("auth", B));
        List<String> chainsOfB = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        for (Client writer : writers) {
            running.add(pool.submit(() -> write(
                    writer, writes.get(writer.node), adminTokens.get(writer.node), rootTokens.get(writer.node), stop)));
        }
        for (Client auth : authClients) {
            String alias = writes.get(auth.node).alias;
            List<String> sink = auth.node == B ? chainsOfB : Collections.synchronizedList(new ArrayList<>());
            running.add(pool.submit(() -> authenticate(auth, "user-" + alias, alias, stop, sink)));
        }
        List<Client> all = new ArrayList<>(writers);
        all.addAll(authClients);

        // phase 1: both nodes under load
        long loadStart = System.nanoTime();
        awaitPhase(loadStart, BEFORE_KILL, () -> all.stream()
                .allMatch(c -> c.successesAfter(loadStart) >= MIN_OPS_PER_PHASE));
        System.out.println("[cluster-failover] before the kill: " + all);

        // phase 2: kill -9 of node A, load goes on
        long killedAt = System.nanoTime();
        cluster.kill9(A);
        List<Client> ofB = all.stream().filter(c -> c.node == B).toList();
        awaitPhase(killedAt, AFTER_KILL, () -> ofB.stream()
                .allMatch(c -> c.successesAfter(killedAt) >= MIN_OPS_PER_PHASE));
        stop.set(true);
        for (Future<?> future : running) {
            future.get(2, TimeUnit.MINUTES);
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Duration worstGap = ofB.stream()
                .map(c -> c.gapAround(killedAt))
                .max(Duration::compareTo)
                .orElseThrow();
        System.out.println("[cluster-failover] after the kill: " + all);
        System.out.printf(
                "[cluster-failover] load %.1f s, %d operations acknowledged (%d of them by B), "
                        + "failover gap of B's clients: %s (longest pause from the last success before the kill to the "
                        + "first after it; per client %s)%n",
                loadSeconds,
                all.stream().mapToInt(c -> c.counts.get(Outcome.ACKED).get()).sum(),
                ofB.stream().mapToInt(c -> c.counts.get(Outcome.ACKED).get()).sum(),
                millis(worstGap),
                ofB.stream()
                        .map(c -> c.name + "=" + millis(c.gapAround(killedAt)))
                        .toList());
        all.forEach(c -> c.refusals.forEach((what, body) -> System.out.println(
                "[cluster-failover] " + c.name + "@" + (c.node == A ? "A" : "B") + " refused: " + what + " " + body)));
        writes.values()
                .forEach(w -> System.out.printf(
                        "[cluster-failover] tenant %s: acknowledged %d memberships, "
                                + "%d role grants, %d invitations, last policy min-length %s%n",
                        w.alias, w.members.size(), w.roleGrants.size(), w.invitations.size(), w.lastAckedMinLength));

        // B's clients went on within seconds, and B never answered a 5xx
        assertThat(ofB).allSatisfy(c -> assertThat(c.successesAfter(killedAt))
                .as(c.toString())
                .isGreaterThanOrEqualTo(MIN_OPS_PER_PHASE));
        assertThat(worstGap).isLessThan(MAX_ACCEPTED_GAP);
        assertThat(ofB).allSatisfy(c -> assertThat(c.serverErrors.get())
                .as(c + " " + c.refusals)
                .isZero());
        assertThat(writes.get(A).members)
                .as("writes acknowledged by A before the kill")
                .isNotEmpty();

        // every acknowledged write is there, read through B
        assertAllAcknowledgedWritesPresent(B, writes);
        // a chain started on B during the outage goes on on B
        assertThat(chainsOfB).isNotEmpty();
        String chainOfB = chainsOfB.get(chainsOfB.size() - 1);

        // node A starts again, rejoins (both views back at 2) and serves the same data
        Duration rejoin = cluster.start(A);
        System.out.println(
                "[cluster-failover] node A restarted and rejoined (view of 2 on both nodes) in " + millis(rejoin));
        assertAllAcknowledgedWritesPresent(A, writes);
        Http.Response continuedOnA = realm.refreshOk(A, APP, chainOfB);
        assertThat(tenantAlias(realm.verify(continuedOnA.string("access_token"))))
                .isEqualTo("load-b");
        realm.refreshOk(B, APP, continuedOnA.string("refresh_token"));
        realm.assertNoErrorsFromOurCode();
    }

    private static void assertAllAcknowledgedWritesPresent(int node, Map<Integer, Writes> writesByNode) {
        String rootToken = realm.token(node, ClusterRealm.REALM_ADMIN, null);
        for (Writes w : writesByNode.values()) {
            String tenant = "/" + w.alias;
            List<String> members;
            List<String> grants;
            List<String> invitations;
            synchronized (w.members) {
                members = List.copyOf(w.members);
            }
            synchronized (w.roleGrants) {
                grants = List.copyOf(w.roleGrants);
            }
            synchronized (w.invitations) {
                invitations = List.copyOf(w.invitations);
            }
            for (String member : members) {
                Http.Response read = realm.api(node, "GET", tenant + "/members/" + member, null, rootToken);
                assertThat(read.status())
                        .as("membership %s in %s, read on node %d: %s", member, w.alias, node, read)
                        .isEqualTo(200);
            }
            for (String member : grants) {
                Http.Response roles = realm.api(node, "GET", tenant + "/members/" + member + "/roles", null, rootToken);
                assertThat(roles.status()).as(roles.toString()).isEqualTo(200);
                assertThat(roles.jsonList())
                        .as("role grant of %s in %s, read on node %d", member, w.alias, node)
                        .anySatisfy(role ->
                                assertThat(((Map<?, ?>) role).get("name")).isEqualTo("members"));
            }
            for (String invitation : invitations) {
                Http.Response read = realm.api(node, "GET", tenant + "/invitations/" + invitation, null, rootToken);
                assertThat(read.status())
                        .as("invitation %s of %s, read on node %d: %s", invitation, w.alias, node, read)
                        .isEqualTo(200);
                assertThat(read.string("status")).isEqualToIgnoringCase("pending");
            }
            Http.Response count = realm.api(node, "GET", tenant + "/members/count", null, rootToken);
            assertThat(((Number) count.json().get("count")).intValue())
                    .as("members of %s", w.alias)
                    .isGreaterThanOrEqualTo(members.size());
            if (w.lastAckedMinLength != null) {
                Http.Response policy = realm.api(node, "GET", tenant + "/policy", null, rootToken);
                assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
                Object stored = ((Map<?, ?>) policy.json().get("policy")).get("password.min-length");
                List<Integer> allowed = new ArrayList<>(w.unknownMinLengthsAfterLastAck);
                allowed.add(w.lastAckedMinLength);
                assertThat(((Number) stored).intValue())
                        .as("policy of %s, read on node %d", w.alias, node)
                        .isIn(allowed);
            }
            System.out.printf(
                    "[cluster-failover] read back on node %s: tenant %s, %d memberships, %d role grants, "
                            + "%d invitations, policy: all present%n",
                    node == A ? "A" : "B", w.alias, members.size(), grants.size(), invitations.size());
        }
    }

    private static void awaitPhase(long startNanos, Duration atLeast, Supplier<Boolean> enough)
            throws InterruptedException {
        long minEnd = startNanos + atLeast.toNanos();
        long maxEnd = startNanos + MAX_PHASE.toNanos();
        while (System.nanoTime() < maxEnd && (System.nanoTime() < minEnd || !enough.get())) {
            Thread.sleep(250);
        }
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}

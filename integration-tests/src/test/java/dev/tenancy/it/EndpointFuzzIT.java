package dev.tenancy.it;

import static dev.tenancy.it.FuzzInputs.encode;
import static dev.tenancy.it.FuzzInputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tenancy.it.refresh.CookieSessionIT;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of every endpoint this pack adds (issue 9, point 3), against the one server of the run: the tenant API
 * (every path and method of its OpenAPI document, the policy endpoint, the invitation link and its API twin), the
 * cookie-mode endpoints {@code /tenancy-session/{client}/{token,refresh,switch,logout}}, Keycloak's token and
 * authorization endpoints with our parameters ({@code tenant} on a refresh, {@code scope=organization:<x>},
 * {@code login_hint}), and the admin-side validation of our configuration (the {@code oidc-tenant-mapper} through the
 * protocol-mapper endpoints, the {@code tenancy-refresh-rotation} executor through the client profiles).
 *
 * <p>Inputs come from one seeded generator ({@link FuzzInputs}); the seed is printed, {@code -Dtenancy.fuzz.seed=N}
 * replays it, {@code -Dtenancy.fuzz.requests=N} sets the number of fuzzed requests (default 2,000). Callers are valid
 * (a tenant admin acting in the tenant, a realm admin, a plain member, a member acting in another tenant) so that
 * inputs reach our code past authorisation, and invalid (none, garbage, tampered, another realm's token).</p>
 *
 * <p>What must hold: no answer has a 5xx status; every 4xx of our JSON endpoints is {@code {"error",
 * "error_description"}} (Keycloak's own endpoints may answer in Keycloak's format); a rejected write leaves the
 * tenant's observable state (profile, policy and attributes, members, their roles, invitations), the realm's tenants,
 * the mapper's client and the client profiles exactly as they were; and the server log written meanwhile has no stack
 * frame of {@code dev.tenancy} code.</p>
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class EndpointFuzzIT {

    static final String SPA = "fuzz-spa";
    static final String SPA_ORIGIN = "http://localhost:9999";
    static final String MAPPER_CLIENT = "fuzz-mapper-target";
    static final String EXECUTOR = "tenancy-refresh-rotation";
    /** A stack frame of our code, as the JBoss log manager prints it. */
    static final Pattern OUR_FRAME = Pattern.compile("^\\s+at dev\\.tenancy\\.", Pattern.MULTILINE);

    /** HTTP/1.1: the default h2c upgrade would make the server's HTTP/2 limits, not our code, answer odd requests. */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Who answers: our code (its error format is checked), or Keycloak (only the status is checked). */
    enum Answer {
        OURS_JSON,
        OURS_HTML,
        KEYCLOAK
    }

    /** The state a rejected write must leave unchanged. */
    enum Guard {
        NONE,
        TENANT,
        TENANTS,
        MAPPERS,
        PROFILES
    }

    record Req(
            String label,
            String method,
            String url,
            byte[] body,
            String contentType,
            Map<String, String> headers,
            Answer answer,
            Guard guard) {

        String summary() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + abbreviate(url, 300) + " [" + contentType + "] " + headers.keySet() + " "
                    + abbreviate(text, 300);
        }
    }

    static TenantApi api;
    static TestRealm realm;
    static String acmeId;
    static String globexId;
    static String ann;
    static String bob;
    static String victim;
    static String dave;
    static String root;
    static String adminsGroup;
    static String membersGroup;
    static String globexGroup;
    static String pendingInvitation;
    static String pendingKey;
    static String mapperClientUuid;
    static String baseMapperId;
    static List<Object> originalProfiles;

    // mutable during the run (one test method, one thread)
    FuzzInputs in;
    final Map<String, String> tokens = new LinkedHashMap<>();
    String annRefreshToken;
    String spaCookie;
    int spaSignIns;
    /** The last state read of each guarded part, the "before" of the next rejected write. */
    final Map<Guard, Object> states = new java.util.EnumMap<>(Guard.class);

    final List<String> failures = new ArrayList<>();
    final Map<String, int[]> statusByLabel = new TreeMap<>();
    final Map<Integer, Integer> statuses = new TreeMap<>();
    int requests;
    int serverErrors;
    int rejectedWrites;
    int acceptedWrites;
    int partialWrites;
    int stateChecks;
    int frameworkAnswers;
    final List<String> invitationIds = new ArrayList<>();
    final ExecutorService snapshotPool = Executors.newFixedThreadPool(4);

    @BeforeAll
    static void setUp(TestRealm testRealm) {
        realm = testRealm;
        // one hash iteration: the fuzzer signs in again and again, and what is fuzzed is not password hashing
        realm.adminOk(
                "PUT",
                "",
                Map.of(
                        "loginTheme",
                        "tenancy",
                        "adminEventsEnabled",
                        true,
                        "adminEventsDetailsEnabled",
                        true,
                        "passwordPolicy",
                        "hashIterations(1)"));
        api = TenantApi.setUp(realm);
        realm.installBrowserFlowWithTenantSelection(Map.of("showTenantPicker", "true"));
        root = api.createRealmAdmin("root");
        ann = realm.createUser("ann", "ann@acme.test");
        String rootToken = api.token("root", null);
        Http.Response acme =
                api.call("POST", "", Map.of("alias", "acme", "name", "Acme Corp", "adminUserId", ann), rootToken);
        assertThat(acme.status()).as(acme.toString()).isEqualTo(201);
        acmeId = acme.string("id");
        Http.Response globex = api.call("POST", "", Map.of("alias", "globex", "name", "Globex Inc"), rootToken);
        assertThat(globex.status()).as(globex.toString()).isEqualTo(201);
        globexId = globex.string("id");
        realm.addMember(globexId, ann);
        bob = api.member(acmeId, "bob");
        victim = api.member(acmeId, "victim");
        dave = api.member(acmeId, "dave");
        realm.addMember(globexId, dave);
        for (Object role : api.get("/acme/roles", rootToken).jsonList()) {
            Map<String, Object> group = (Map<String, Object>) role;
            if ("admins".equals(group.get("name"))) {
                adminsGroup = (String) group.get("id");
            } else if ("members".equals(group.get("name"))) {
                membersGroup = (String) group.get("id");
            }
        }
        realm.createOrganizationSubGroup(acmeId, adminsGroup, "billing");
        globexGroup = String.valueOf(((Map<String, Object>)
                        api.get("/globex/roles", rootToken).jsonList().get(0))
                .get("id"));
        Http.Response invitation = api.call(
                "POST",
                "/acme/invitations",
                Map.of("email", "invitee@users.test", "roles", List.of("members")),
                rootToken);
        assertThat(invitation.status()).as(invitation.toString()).isEqualTo(201);
        pendingInvitation = invitation.string("id");
        pendingKey = invitation.string("link").replaceAll(".*key=", "");

        CookieSessionIT.cookieClient(realm, SPA, List.of("+"), Map.of());
        realm.installRefreshRotationPolicies(
                Map.of("cookie", Map.of("rotation", true, "graceSeconds", 2, "replayRevokes", "user-session")));
        originalProfiles = (List<Object>)
                realm.adminCall("GET", "/client-policies/profiles", null).json().get("profiles");

        mapperClientUuid = realm.createPublicClient(MAPPER_CLIENT);
        baseMapperId = realm.adminCreate(
                "/clients/" + mapperClientUuid + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of("claim.name", "tenant", "access.token.claim", "true")));
    }

    @AfterAll
    static void tearDown() {
        api = null;
        realm = null;
    }

    /**
     * The fuzzer's random bodies seldom hit "a valid body with ONE field of the wrong JSON type", which Jackson used to
     * convert ({@code {"name":5}} stored as "5", {@code "60"} and {@code 60.5} taken as 60): every such case, and an
     * address with braces, is a 400 naming the field, and the tenant, its members and invitations stay unchanged.
     */
    @Test
    void wrongScalarTypesAndBracesAreA400NamingTheFieldAndWriteNothing() {
        String rootToken = api.token("root", null);
        String annToken = api.token("ann", "acme");
        record Case(String method, String path, String body, String field) {}
        List<Case> cases = List.of(
                new Case("POST", "/acme/members", "{\"userId\":123}", "userId"),
                new Case("POST", "/acme/members", "{\"userId\":true}", "userId"),
                new Case("POST", "/acme/members", "{\"email\":5}", "email"),
                new Case("POST", "/acme/members", "{\"email\":\"{v}@users.test\"}", "email"),
                new Case(
                        "POST",
                        "/acme/invitations",
                        "{\"email\":\"t1@users.test\",\"expiresInSeconds\":\"60\"}",
                        "expiresInSeconds"),
                new Case(
                        "POST",
                        "/acme/invitations",
                        "{\"email\":\"t1@users.test\",\"expiresInSeconds\":60.5}",
                        "expiresInSeconds"),
                new Case(
                        "POST",
                        "/acme/invitations",
                        "{\"email\":\"t1@users.test\",\"expiresInSeconds\":true}",
                        "expiresInSeconds"),
                new Case("POST", "/acme/invitations", "{\"email\":42}", "email"),
                new Case("POST", "/acme/invitations", "{\"email\":\"t1@users.test\",\"roles\":[5]}", "roles[0]"),
                new Case("POST", "/acme/invitations", "{\"email\":\"{t1}@users.test\"}", "email"),
                new Case("POST", "/acme/invitations", "{\"email\":\"t1}@users.test\"}", "email"),
                new Case(
                        "POST",
                        "/acme/invitations/" + pendingInvitation + "/resend",
                        "{\"expiresInSeconds\":\"60\"}",
                        "expiresInSeconds"),
                new Case("PUT", "/acme", "{\"name\":5}", "name"),
                new Case("PUT", "/acme", "{\"description\":false}", "description"),
                new Case("PUT", "/acme", "{\"branding\":{\"display-name\":7}}", "branding.display-name"),
                new Case("POST", "", "{\"alias\":7,\"name\":\"Seven\"}", "alias"),
                new Case("POST", "", "{\"alias\":\"seven\",\"name\":7}", "name"));
        List<String> failures = new ArrayList<>();
        for (String token : List.of(rootToken, annToken)) {
            for (Case c : cases) {
                if (c.path().isEmpty() && token.equals(annToken)) {
                    continue; // creating tenants is for realm admins: a tenant admin's 403 comes before the body
                }
                String before = tenantState(rootToken);
                Http.Response response = api.call(c.method(), c.path(), c.body(), token);
                String description = response.status() == 400 ? response.string("error_description") : "";
                if (response.status() != 400
                        || !"invalid_request".equals(response.string("error"))
                        || !description.startsWith(c.field() + ": ")) {
                    failures.add(
                            c + (token.equals(rootToken) ? " as realm admin" : " as tenant admin") + ": " + response);
                }
                if (!tenantState(rootToken).equals(before)) {
                    failures.add(c + ": the tenant changed");
                }
            }
        }
        assertThat(api.get("/seven", rootToken).status())
                .as("no tenant 'seven' or '7' was created")
                .isEqualTo(404);
        assertThat(api.get("/7", rootToken).status()).isEqualTo(404);
        assertThat(failures).isEmpty();
    }

    /** The tenant acme as the API shows it: profile, members, invitations. */
    private String tenantState(String rootToken) {
        return api.get("/acme", rootToken).body()
                + api.get("/acme/members?max=1000", rootToken).body()
                + api.get("/acme/invitations?max=1000", rootToken).body();
    }

    @Test
    void malformedInputsGetA4xxNeverA5xxAndRejectedWritesChangeNothing(KeycloakServer server) throws Exception {
        long seed = Long.getLong("tenancy.fuzz.seed", new SecureRandom().nextLong());
        int count = Integer.getInteger("tenancy.fuzz.requests", 2000);
        System.out.println("EndpointFuzzIT: seed " + seed + " (reproduce with -Dtenancy.fuzz.seed=" + seed + "), "
                + count + " requests");
        in = new FuzzInputs(seed);
        Path log = server.logFile();
        long logOffset = Files.exists(log) ? Files.size(log) : 0;
        long started = System.nanoTime();

        renewCredentials();
        try {
            while (requests < count) {
                Req req = next();
                if (req != null) {
                    exchange(req);
                }
            }
        } finally {
            snapshotPool.shutdownNow();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String written = readFrom(log, logOffset);
        List<String> ourFrames = written.lines()
                .filter(l -> OUR_FRAME.matcher(l).find())
                .distinct()
                .limit(20)
                .toList();

        String report = "EndpointFuzzIT: seed " + seed + ", " + requests + " fuzzed requests in " + seconds + " s; "
                + "status counts " + statuses + "; 5xx: " + serverErrors + "; writes accepted " + acceptedWrites
                + ", rejected " + rejectedWrites + ", state checks " + stateChecks + ", partial writes " + partialWrites
                + "; framework 4xx answers on our paths " + frameworkAnswers + "; dev.tenancy stack frames in the log: "
                + ourFrames.size() + "\n" + perLabel();
        System.out.println(report);
        Files.writeString(Path.of("target", "endpoint-fuzz-report.txt"), report + "\n" + String.join("\n", failures));

        assertThat(failures)
                .as("seed %d (-Dtenancy.fuzz.seed=%d reproduces)", seed, seed)
                .isEmpty();
        assertThat(serverErrors).isZero();
        assertThat(partialWrites).isZero();
        assertThat(ourFrames)
                .as("stack frames of dev.tenancy in the server log (seed %d)", seed)
                .isEmpty();
        assertThat(requests).isGreaterThanOrEqualTo(count);
        assertThat(stateChecks).as("rejected writes were checked").isPositive();
    }

    // ---- the generator: one request per call ----

    private Req next() {
        int dice = in.nextInt(100);
        if (dice < 55) {
            return tenantApi();
        }
        if (dice < 65) {
            return invitationLink();
        }
        if (dice < 80) {
            return cookieSession();
        }
        if (dice < 90) {
            return tokenEndpoint();
        }
        if (dice < 96) {
            return adminConfig();
        }
        return realmSetup();
    }

    /**
     * The realm setup endpoint ({@code /admin/realms/{realm}/tenancy/setup}) as a realm admin, a tenant member and
     * nobody, with malformed query parameters and bodies. Always with a {@code dryRun} parameter other than
     * {@code false}: a request that passed would only plan (a real setup would change this realm's login flow under
     * the other requests); RealmSetupIT checks that a dry run writes nothing.
     */
    private Req realmSetup() {
        String url = realm.server().baseUrl() + "/admin/realms/" + realm.name() + "/tenancy/setup?dryRun="
                + encode(in.pick(
                        "true", "true", "TRUE", "maybe", "", "1", in.string().replace("false", "x")))
                + (in.chance(0.2)
                        ? "&" + encode(in.pick("dryRun", "dryrun", in.string())) + "=" + encode(in.string())
                        : "");
        Map<String, String> headers =
                switch (in.nextInt(4)) {
                    case 0 -> Map.of();
                    case 1 -> Http.bearer(api.token("ann", "acme"));
                    default -> Http.bearer(masterToken());
                };
        Object body =
                switch (in.nextInt(4)) {
                    case 0 -> null;
                    // Arrays.asList and HashMap: a JSON null is a value the fuzzer must be able to send
                    case 1 ->
                        Collections.singletonMap(
                                "defaultScopeClients",
                                in.chance(0.5)
                                        ? List.of(TenantApi.APP)
                                        : Arrays.asList(bounded(in.string()), in.jsonValue(0)));
                    case 2 -> Collections.singletonMap(bounded(in.string()), in.jsonValue(1));
                    default -> in.jsonValue(2);
                };
        boolean get = in.chance(0.2);
        return new Req(
                (get ? "GET" : "POST") + " admin tenancy/setup",
                get ? "GET" : "POST",
                url,
                get || body == null ? null : utf8(FuzzInputs.toJson(body)),
                get ? null : in.pick("application/json", "application/json", "text/plain"),
                headers,
                Answer.OURS_JSON,
                Guard.NONE);
    }

    private Req tenantApi() {
        String alias = in.segment(0.85, List.of("acme", "acme", "acme", "acme", "globex", "nope"));
        String base = realm.url() + "/tenants";
        String t = base + "/" + alias;
        String readUser = in.segment(0.8, List.of(ann, bob, victim, root, in.uuid()));
        String writeUser = in.segment(0.8, List.of(bob, victim, victim, root, in.uuid()));
        String invitation = in.segment(0.8, invitationPool());
        String role = in.chance(0.85)
                ? String.join(
                                "/",
                                in.pick(List.of(
                                        List.of("admins"),
                                        List.of("members"),
                                        List.of("admins", "billing"),
                                        List.of(adminsGroup),
                                        List.of(membersGroup),
                                        List.of(globexGroup),
                                        List.of("admins", "..", "members"),
                                        List.of("", "admins"))))
                        .replace("..", in.pick("..", "%2e%2e"))
                : in.segment(0, List.of());
        Map<String, Supplier<Object>> none = Map.of();
        return switch (in.nextInt(35)) {
            case 0 -> json("GET /me", "GET", base + "/me" + paging(), null, Guard.NONE);
            case 1 -> json("GET /openapi", in.pick("GET", "POST", "DELETE"), base + "/openapi", null, Guard.NONE);
            case 2, 3 ->
                json(
                        "POST /",
                        "POST",
                        base + in.pick("", "/"),
                        in.jsonBody(Map.of(
                                "alias", () -> in.pick("t-" + in.nextInt(100_000), "acme", "me", in.string()),
                                "name", () -> in.pick("Tenant " + in.nextInt(100_000), "Acme Corp", in.string()),
                                "description", in::string,
                                "adminUserId", () -> in.pick(victim, in.uuid(), in.string()))),
                        Guard.TENANTS);
            case 4 -> json("GET /{alias}", "GET", t, null, Guard.NONE);
            case 5, 6 ->
                json(
                        "PUT /{alias}",
                        "PUT",
                        t,
                        in.jsonBody(Map.of(
                                "name",
                                        () -> in.pick(
                                                "Acme Corp", "Globex Inc", "Acme " + in.nextInt(1000), in.string()),
                                "description", in::string,
                                "branding", this::branding)),
                        Guard.TENANT);
            case 7 ->
                json(
                        "PUT|DELETE /{alias}/suspension",
                        in.pick("PUT", "DELETE"),
                        t + "/suspension",
                        in.chance(0.2) ? in.jsonBody(none) : null,
                        Guard.TENANT);
            case 8 -> json("GET /{alias}/roles", "GET", t + "/roles", null, Guard.NONE);
            case 9 -> json("DELETE /{alias}/sessions", "DELETE", t + "/sessions", null, Guard.TENANT);
            case 10 -> json("GET /{alias}/policy", "GET", t + "/policy", null, Guard.NONE);
            case 11, 12, 13 ->
                json("PUT /{alias}/policy", "PUT", t + "/policy", in.jsonBody(policyFields()), Guard.TENANT);
            case 14 ->
                json(
                        "GET /{alias}/events",
                        "GET",
                        t + "/events" + paging("kind", in.pick("admin", "user", "", in.string())),
                        null,
                        Guard.NONE);
            case 15 ->
                json(
                        "GET /{alias}/members",
                        "GET",
                        t + "/members"
                                + paging(
                                        "search",
                                        in.string(),
                                        "exact",
                                        in.pick("true", "false", in.string()),
                                        "after",
                                        in.pick("bob", in.string()),
                                        "include",
                                        in.pick("roles", "", in.string())),
                        null,
                        Guard.NONE);
            case 16 -> json("GET /{alias}/members/count", "GET", t + "/members/count", null, Guard.NONE);
            case 17, 18 ->
                json(
                        "POST /{alias}/members",
                        "POST",
                        t + "/members",
                        in.jsonBody(Map.of(
                                "userId", () -> in.pick(victim, bob, root, in.uuid(), in.string()),
                                "email",
                                        () -> in.pick(
                                                "victim@users.test",
                                                "root@realm.test",
                                                "nobody@users.test",
                                                "VICTIM@USERS.TEST",
                                                in.string()))),
                        Guard.TENANT);
            case 19 ->
                json(
                        "GET /{alias}/members/{userId}",
                        "GET",
                        t + "/members/" + readUser + in.pick("", "/roles", "/sessions"),
                        null,
                        Guard.NONE);
            case 20 ->
                json("DELETE /{alias}/members/{userId}", "DELETE", t + "/members/" + writeUser, null, Guard.TENANT);
            case 21, 22 ->
                json(
                        "PUT|DELETE /{alias}/members/{userId}/roles/{role}",
                        in.pick("PUT", "DELETE"),
                        t + "/members/" + in.pick(writeUser, readUser) + "/roles/" + role,
                        in.chance(0.1) ? in.jsonBody(none) : null,
                        Guard.TENANT);
            case 23 ->
                json(
                        "DELETE /{alias}/members/{userId}/sessions",
                        "DELETE",
                        t + "/members/" + writeUser + "/sessions",
                        null,
                        Guard.TENANT);
            case 24 ->
                json(
                        "GET /{alias}/invitations",
                        "GET",
                        t + "/invitations"
                                + paging(
                                        "status",
                                        in.pick(
                                                "pending",
                                                "accepted",
                                                "expired",
                                                "revoked",
                                                "declined",
                                                "PENDING",
                                                in.string())),
                        null,
                        Guard.NONE);
            case 25, 26 ->
                json(
                        "POST /{alias}/invitations",
                        "POST",
                        t + "/invitations",
                        in.jsonBody(Map.of(
                                "email",
                                        () -> in.pick(
                                                "new" + in.nextInt(1_000_000) + "@users.test",
                                                "victim@users.test",
                                                "invitee@users.test",
                                                in.string()),
                                "roles",
                                        () -> in.chance(0.7)
                                                ? List.of(in.pick(
                                                        "admins",
                                                        "members",
                                                        "admins/billing",
                                                        adminsGroup,
                                                        globexGroup,
                                                        ""))
                                                : in.jsonValue(1),
                                "expiresInSeconds", () -> in.pick(1, 60, 2592000, 2592001, 0, -5, in.number()))),
                        Guard.TENANT);
            case 27 ->
                json(
                        "GET|DELETE /{alias}/invitations/{id}",
                        in.pick("GET", "DELETE"),
                        t + "/invitations/" + invitation,
                        null,
                        Guard.TENANT);
            case 28 ->
                json(
                        "POST /{alias}/invitations/{id}/resend",
                        "POST",
                        t + "/invitations/" + invitation + "/resend",
                        in.chance(0.3)
                                ? new byte[0]
                                : in.jsonBody(Map.of(
                                        "expiresInSeconds", () -> in.pick(1, 3600, 0, -1, 2592001, in.number()))),
                        Guard.TENANT);
            case 29 ->
                json(
                        "GET /",
                        "GET",
                        base + in.pick("", "/") + paging("search", in.pick("acme", "CORP", "%", "_", in.string())),
                        null,
                        Guard.NONE);
            case 30 -> json("GET /me/invitations", "GET", base + "/me/invitations" + paging(), null, Guard.NONE);
            case 31 ->
                json(
                        "POST /me/invitations/{id}/accept|decline",
                        "POST",
                        base + "/me/invitations/" + invitation + "/"
                                + in.pick("accept", "decline", in.segment(0, List.of())),
                        in.chance(0.2) ? in.jsonBody(none) : null,
                        Guard.TENANT);
            case 32 ->
                json(
                        "POST /{alias}/leave",
                        "POST",
                        t + "/leave",
                        in.chance(0.2) ? in.jsonBody(none) : null,
                        Guard.TENANT);
            case 33 ->
                json(
                        "GET /{alias}/events?type&dateFrom&dateTo",
                        "GET",
                        t + "/events"
                                + paging(
                                        "kind",
                                        in.pick("admin", "user", in.string()),
                                        "type",
                                        in.pick("CREATE", "LOGIN", "REFRESH_TOKEN", "create", in.string()),
                                        "dateFrom",
                                        in.pick("2026-01-01", "2026-02-30", "1700000000000", in.string()),
                                        "dateTo",
                                        in.pick("2099-12-31", "2000-01-01", "", in.string())),
                        null,
                        Guard.NONE);
            default ->
                json(
                        "OTHER " + "/{alias}/...",
                        in.pick("PATCH", "OPTIONS", "HEAD", "TRACE", "PUT", "POST"),
                        t
                                + in.pick(
                                        "",
                                        "/members",
                                        "/policy",
                                        "/invitations",
                                        "/roles",
                                        "/nothing",
                                        "/members/" + readUser + "/roles"),
                        in.chance(0.5) ? in.jsonBody(none) : null,
                        Guard.TENANT);
        };
    }

    /** A tenant API request with a fuzzed caller, content type and Accept header. */
    private Req json(String label, String method, String url, byte[] body, Guard guard) {
        Map<String, String> headers = new LinkedHashMap<>(caller());
        if (in.chance(0.1)) {
            headers.put("Accept", in.pick("*/*", "application/json, text/plain", "application/xml", "text/plain"));
        } else {
            headers.put("Accept", "application/json");
        }
        if (in.chance(0.08)) {
            headers.put("Origin", in.pick(SPA_ORIGIN, "http://evil.test", "null", in.headerValue()));
        }
        String type = in.chance(0.88)
                ? "application/json"
                : in.pick(
                        null,
                        "text/plain",
                        "application/xml",
                        "application/x-www-form-urlencoded",
                        "application/json; charset=latin1",
                        "application/json;;",
                        "application/json; charset=utf-16",
                        "application/merge-patch+json",
                        "*/*",
                        mediaType());
        if (body != null
                && new String(body, StandardCharsets.ISO_8859_1).contains("%")
                && "application/x-www-form-urlencoded".equals(type)) {
            // Keycloak parses a form body in front of every POST/PUT and answers a bad percent escape with 500 itself
            type = "text/plain";
        }
        boolean ours = !url.contains("/../") && !url.endsWith("/..") && !url.contains("/./");
        return new Req(
                label,
                method,
                url,
                body,
                body == null && in.chance(0.7) ? null : type,
                headers,
                ours ? Answer.OURS_JSON : Answer.KEYCLOAK,
                isWrite(method) ? guard : Guard.NONE);
    }

    /**
     * A Content-Type that is a media type ({@code type/subtype}, odd parameters). Not one that is none ("???"):
     * Quarkus' router parses the header and answers those with 500 (QuarkusErrorHandler) before any code of ours runs.
     */
    private String mediaType() {
        String word = in.headerValue().replaceAll("[^A-Za-z0-9.+-]", "");
        return in.pick("text", "application", "x-" + word) + "/" + (word.isEmpty() ? "x" : word)
                + in.pick("", "; charset=" + word, "; q=0.1", ";a=b;a=c");
    }

    private Map<String, String> caller() {
        return switch (in.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> Http.bearer(tokens.get("ann@acme"));
            case 8, 9, 10, 11, 12 -> Http.bearer(tokens.get("root"));
            case 13, 14 -> Http.bearer(tokens.get("bob@acme"));
            case 15 -> Http.bearer(tokens.get("ann@globex"));
            case 16 -> Map.of();
            case 17 -> Http.bearer(tamper(tokens.get("ann@acme")));
            case 18 -> Http.bearer(masterToken()); // another realm's (master) token
            default ->
                Map.of(
                        "Authorization",
                        in.pick(
                                "Bearer",
                                "Bearer ",
                                "Basic YTpi",
                                "bearer " + tokens.get("root"),
                                "Bearer " + tokens.get("root") + " x",
                                in.headerValue()));
        };
    }

    private String tamper(String token) {
        int at = in.nextInt(token.length());
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    private Object branding() {
        if (in.chance(0.2)) {
            return in.jsonValue(1);
        }
        Map<String, Object> branding = new LinkedHashMap<>();
        for (int i = in.nextInt(4); i > 0; i--) {
            String key = in.pick("display-name", "logo-url", "primary-color", "custom.key", "UPPER", in.string());
            branding.put(
                    key,
                    in.pick(
                            "https://cdn.test/logo.png",
                            "javascript:alert(1)",
                            "http://x.test/a.png",
                            "#12ab34",
                            "#12ab3",
                            "red",
                            "Acme",
                            null,
                            "",
                            in.string(),
                            in.jsonValue(1)));
        }
        return branding;
    }

    private Map<String, Supplier<Object>> policyFields() {
        Map<String, Supplier<Object>> fields = new LinkedHashMap<>();
        fields.put("mfa", () -> in.pick("off", "admins", "all", "ALL", in.string()));
        fields.put(
                "mfa.methods",
                () -> in.pick(
                        List.of("otp"),
                        List.of("otp", "webauthn"),
                        List.of("otp", "otp"),
                        List.of(),
                        "otp",
                        in.jsonValue(1)));
        for (String key : List.of(
                "password.min-length",
                "password.upper-case",
                "password.lower-case",
                "password.digits",
                "password.special-chars",
                "password.history",
                "password.max-age-days",
                "session.idle-seconds",
                "session.max-seconds")) {
            fields.put(key, () -> in.pick(0, 1, 8, 12, 64, 65, 257, 3650, 31_536_001, -1, "12", " 12 ", in.number()));
        }
        fields.put("password.not-username", () -> in.pick(true, false, "true", "yes", in.string()));
        fields.put("email.verified-required", () -> in.pick(true, false, "false", 1));
        fields.put(
                "email.allowed-domains",
                () -> in.pick(
                        List.of("acme.test"),
                        List.of("users.test", "acme.test"),
                        List.of("@acme.test"),
                        List.of(""),
                        List.of("a..b"),
                        "acme.test",
                        in.jsonValue(1)));
        return fields;
    }

    private String paging(String... extra) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i + 1 < extra.length; i += 2) {
            if (in.chance(0.6)) {
                query.append('&').append(extra[i]).append('=').append(encode(extra[i + 1]));
            }
        }
        for (String name : List.of("first", "max")) {
            if (in.chance(0.6)) {
                query.append('&').append(name).append('=').append(encode(in.number()));
                if (in.chance(0.05)) {
                    query.append('&').append(name).append('=').append(encode(in.number()));
                }
            }
        }
        return query.isEmpty() ? "" : "?" + query.substring(1);
    }

    private List<String> invitationPool() {
        List<String> pool = new ArrayList<>(List.of(pendingInvitation, in.uuid()));
        if (!invitationIds.isEmpty()) {
            pool.add(in.pick(invitationIds));
        }
        return pool;
    }

    /** The invitation link (HTML), its buttons (form) and its API twin (JSON). */
    private Req invitationLink() {
        String base = realm.url() + "/tenants/invitations";
        String key = in.chance(0.4)
                ? in.pick(
                        pendingKey,
                        pendingInvitation + "." + in.string(),
                        pendingKey + "x",
                        pendingKey.substring(0, pendingKey.length() / 2),
                        "." + pendingKey,
                        pendingKey.replace(".", ".."))
                : in.string();
        Map<String, String> headers = new LinkedHashMap<>();
        switch (in.nextInt(4)) {
            case 3 -> {
                // the sign-in's return: a forged or missing state, code or verifier cookie is a page, never a 5xx
                if (in.chance(0.6)) {
                    headers.put(
                            "Cookie",
                            "TENANCY_INVITATION_ACCEPT="
                                    + encode(in.pick(
                                            in.string(), "x.y.z", pendingKey + "." + in.uuid() + "." + in.uuid(), "")));
                }
                String query = "?"
                        + String.join(
                                "&",
                                in.pick(
                                        List.of("code=" + encode(in.string()), "state=" + encode(in.string())),
                                        List.of(
                                                "state=" + encode(in.uuid()),
                                                "code=" + encode(in.uuid() + "." + in.uuid() + "." + in.uuid())),
                                        List.of("error=" + encode(in.pick("access_denied", in.string()))),
                                        List.of("code=", "state=")));
                return new Req(
                        "GET /invitations/callback",
                        "GET",
                        base + "/callback" + query,
                        null,
                        null,
                        headers,
                        Answer.OURS_HTML,
                        Guard.NONE);
            }
            case 0 -> {
                if (in.chance(0.3)) {
                    headers.put(
                            "Cookie",
                            "TENANCY_INVITATION_ACCEPT=" + in.pick(pendingInvitation, "x", "")
                                    + (in.chance(0.5) ? "; TENANCY_INVITATION_CSRF=" + encode(in.string()) : ""));
                }
                String query = in.chance(0.9) ? "?key=" + encode(key) : "";
                if (in.chance(0.3)) {
                    query += (query.isEmpty() ? "?" : "&")
                            + in.pick(
                                    "code=" + encode(in.string()),
                                    "error=" + encode(in.string()),
                                    "key=" + encode(in.string()));
                }
                return new Req(
                        "GET /invitations/accept",
                        "GET",
                        base + "/accept" + query,
                        null,
                        null,
                        headers,
                        Answer.OURS_HTML,
                        Guard.NONE);
            }
            case 1 -> {
                String csrf = in.headerValue().replaceAll("[;,\\s]", "");
                if (in.chance(0.7)) {
                    headers.put("Cookie", "TENANCY_INVITATION_CSRF=" + (in.chance(0.5) ? csrf : encode(in.string())));
                }
                String form = in.form(Map.of(
                        "key",
                        () -> key,
                        "decision",
                        () -> in.pick("accept", "decline", "verify", "DECLINE", "", in.string()),
                        "csrf",
                        () -> csrf));
                return new Req(
                        "POST /invitations/respond",
                        "POST",
                        base + "/respond",
                        utf8(form),
                        in.chance(0.85)
                                ? "application/x-www-form-urlencoded"
                                : in.pick(null, "application/json", "text/plain"),
                        headers,
                        Answer.OURS_HTML,
                        Guard.TENANT);
            }
            default -> {
                return json(
                        "POST /invitations/accept",
                        "POST",
                        base + "/accept",
                        in.jsonBody(Map.of("key", () -> key)),
                        Guard.TENANT);
            }
        }
    }

    /** The cookie-mode endpoints, with fuzzed client ids, operations, origins, CSRF headers, bodies and cookies. */
    private Req cookieSession() {
        if (spaCookie == null && spaSignIns < 40 && in.chance(0.3)) {
            signInSpa();
        }
        String client = in.chance(0.85) ? SPA : in.segment(0.3, List.of(MAPPER_CLIENT, TenantApi.APP, "nope"));
        String operation = in.chance(0.85) ? in.pick("token", "refresh", "switch", "logout") : in.segment(0, List.of());
        String url = realm.url() + "/tenancy-session/" + client + "/" + operation;
        Map<String, String> headers = new LinkedHashMap<>();
        if (in.chance(0.85)) {
            headers.put(
                    "Origin",
                    in.chance(0.85)
                            ? SPA_ORIGIN
                            : in.pick(
                                    "http://localhost:6666",
                                    "null",
                                    SPA_ORIGIN + "/",
                                    "HTTP://LOCALHOST:9999",
                                    in.headerValue()));
        }
        if (in.chance(0.85)) {
            headers.put("X-Tenancy-CSRF", in.chance(0.85) ? "1" : in.pick("0", "true", "", in.headerValue()));
        }
        String cookieName = CookieSessionClient.COOKIE_NAME;
        switch (in.nextInt(6)) {
            case 0, 1, 2 -> {
                if (spaCookie != null) {
                    headers.put("Cookie", cookieName + "=" + spaCookie);
                }
            }
            case 3 ->
                headers.put(
                        "Cookie",
                        cookieName + "="
                                + in.pick(
                                        "",
                                        "x",
                                        "eyJhbGciOiJIUzI1NiJ9.e30.x",
                                        encode(in.string()),
                                        spaCookie == null ? "y" : tamper(spaCookie)));
            case 4 ->
                headers.put(
                        "Cookie",
                        cookieName + "=a; " + cookieName + "=" + (spaCookie == null ? "b" : spaCookie) + "; __Secure-"
                                + cookieName + "=c");
            default -> {}
        }
        if (in.chance(0.05)) {
            return new Req(
                    "OPTIONS /tenancy-session/{client}/{op}",
                    "OPTIONS",
                    url,
                    null,
                    null,
                    Map.of(
                            "Origin",
                            in.pick(SPA_ORIGIN, "http://evil.test"),
                            "Access-Control-Request-Method",
                            in.pick("POST", "GET", "DELETE", in.headerValue())),
                    Answer.OURS_JSON,
                    Guard.NONE);
        }
        String method = in.chance(0.92) ? "POST" : in.pick("GET", "PUT", "DELETE", "PATCH");
        String form = in.form(Map.of(
                "code",
                in::string,
                "code_verifier",
                in::string,
                "redirect_uri",
                () -> in.pick(SPA_ORIGIN + "/app/", in.string()),
                "tenant",
                () -> in.pick("acme", "globex", "nope", in.string())));
        // no multipart: Keycloak's own multipart parser answers a body that is not one with 500 before our code runs
        String type = in.chance(0.85)
                ? "application/x-www-form-urlencoded"
                : in.pick(
                        null,
                        "application/json",
                        "text/plain",
                        "application/x-www-form-urlencoded; charset=utf-16",
                        "*/*",
                        mediaType());
        return new Req(
                "POST /tenancy-session/{client}/"
                        + (operation.matches("token|refresh|switch|logout") ? operation : "{op}"),
                method,
                url,
                in.chance(0.1) ? null : utf8(form),
                type,
                headers,
                Answer.OURS_JSON,
                Guard.NONE);
    }

    private void signInSpa() {
        spaSignIns++;
        CookieSessionClient spa = new CookieSessionClient(realm, SPA, SPA_ORIGIN);
        spa.signIn("dave", "openid organization:acme");
        spaCookie = spa.cookie();
    }

    /** Keycloak's token and authorization endpoints with our parameters (Keycloak answers: status checked). */
    private Req tokenEndpoint() {
        String url = realm.tokenEndpoint();
        Map<String, String> form = new LinkedHashMap<>();
        String tenant = in.chance(0.5) ? in.pick("acme", "globex", "nope", "") : in.string();
        switch (in.nextInt(4)) {
            case 0, 1 -> {
                // no NUL (%00, e.g. in a duplicated client_id): Keycloak's client authentication looks the client up
                // as sent, and PostgreSQL refuses NUL: a 500 of Keycloak itself (KC-SERVICES0015), before our code
                String body = in.form(Map.of(
                                "grant_type",
                                () -> "refresh_token",
                                "client_id",
                                () -> TenantApi.APP,
                                "refresh_token",
                                () -> in.chance(0.8) ? annRefreshToken : tamper(annRefreshToken),
                                "tenant",
                                () -> tenant))
                        .replace("%00", "");
                return new Req(
                        "POST token refresh_token&tenant",
                        "POST",
                        url,
                        utf8(body),
                        "application/x-www-form-urlencoded",
                        Map.of(),
                        Answer.KEYCLOAK,
                        Guard.NONE);
            }
            case 2 -> {
                form.put("grant_type", "password");
                form.put("client_id", TenantApi.APP);
                form.put("username", in.pick("ann", "bob", "dave"));
                form.put("password", TestRealm.PASSWORD);
                form.put(
                        "scope",
                        "openid organization:" + tenant + (in.chance(0.2) ? " organization:" + in.string() : ""));
                if (in.chance(0.3)) {
                    form.put("tenant", tenant);
                }
                StringBuilder body = new StringBuilder();
                form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                        .append(encode(k))
                        .append('=')
                        .append(encode(v)));
                return new Req(
                        "POST token password&scope=organization",
                        "POST",
                        url,
                        utf8(body.toString()),
                        "application/x-www-form-urlencoded",
                        Map.of(),
                        Answer.KEYCLOAK,
                        Guard.NONE);
            }
            default -> {
                String auth = realm.url() + "/protocol/openid-connect/auth?client_id=" + TenantApi.APP
                        + "&response_type=code&redirect_uri=" + encode("http://localhost/cb") + "&scope="
                        + encode("openid organization:" + tenant) + "&login_hint="
                        + encode(in.pick("someone@acme.test", "x@globex.test", "@acme.test", in.string()));
                return new Req(
                        "GET auth scope=organization&login_hint",
                        "GET",
                        auth,
                        null,
                        null,
                        Map.of("Accept", "text/html"),
                        Answer.KEYCLOAK,
                        Guard.NONE);
            }
        }
    }

    /** Admin REST: our mapper's and our executor's configuration validation (Keycloak answers: status checked). */
    private Req adminConfig() {
        String admin = realm.server().baseUrl() + "/admin/realms/" + realm.name();
        Map<String, String> headers = Http.bearer(masterToken());
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = in.nextInt(5); i > 0; i--) {
            // keys and names below 255 characters: longer ones are a 500 of Keycloak itself (column lengths)
            config.put(
                    bounded(in.pick(
                            "claim.name",
                            "includeGroups",
                            "resourceAccess",
                            "attributes",
                            "tenantsClaim",
                            "tenantsClaimName",
                            "tenantsLimit",
                            "access.token.claim",
                            in.string())),
                    in.chance(0.7)
                            ? in.pick(
                                    "tenant",
                                    "true",
                                    "all",
                                    "NONE",
                                    "audience",
                                    "a##b",
                                    "dept,cost center",
                                    "0",
                                    "1001",
                                    "100",
                                    "tenant.sub",
                                    "",
                                    " ",
                                    bounded(in.string()))
                            : FuzzInputs.toJson(in.jsonValue(1)).replace("\\u0000", ""));
        }
        switch (in.nextInt(3)) {
            case 0 -> {
                Map<String, Object> mapper = new LinkedHashMap<>();
                // at most 255 characters: a longer name is a 500 of Keycloak itself (column length), whatever the
                // mapper
                mapper.put("name", in.chance(0.7) ? "fuzz " + in.nextInt(1_000_000) : bounded(in.string()));
                mapper.put("protocol", in.chance(0.9) ? "openid-connect" : bounded(in.string()));
                mapper.put("protocolMapper", in.chance(0.9) ? "oidc-tenant-mapper" : bounded(in.string()));
                mapper.put("config", in.chance(0.9) ? config : in.jsonValue(1));
                return new Req(
                        "POST admin protocol-mappers (oidc-tenant-mapper)",
                        "POST",
                        admin + "/clients/" + mapperClientUuid + "/protocol-mappers/models",
                        utf8(FuzzInputs.toJson(mapper)),
                        "application/json",
                        headers,
                        Answer.KEYCLOAK,
                        Guard.MAPPERS);
            }
            case 1 -> {
                Map<String, Object> mapper = new LinkedHashMap<>(Map.of(
                        "id",
                        baseMapperId,
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper"));
                mapper.put("config", config);
                return new Req(
                        "PUT admin protocol-mappers/{id} (oidc-tenant-mapper)",
                        "PUT",
                        admin + "/clients/" + mapperClientUuid + "/protocol-mappers/models/" + baseMapperId,
                        utf8(FuzzInputs.toJson(mapper)),
                        "application/json",
                        headers,
                        Answer.KEYCLOAK,
                        Guard.MAPPERS);
            }
            default -> {
                Map<String, Object> configuration = new LinkedHashMap<>();
                for (String key : List.of("rotation", "graceSeconds", "replayRevokes", "familyMaxLifespanSeconds")) {
                    if (in.chance(0.6)) {
                        configuration.put(
                                key,
                                in.pick(
                                        true,
                                        false,
                                        "true",
                                        0,
                                        5,
                                        -1,
                                        3601,
                                        "10",
                                        "user-session",
                                        "family",
                                        "none",
                                        "everything",
                                        in.number(),
                                        in.jsonValue(1)));
                    }
                }
                if (in.chance(0.15)) {
                    configuration.put(in.string(), in.jsonValue(0));
                }
                List<Object> profiles = new ArrayList<>(originalProfiles);
                Map<String, Object> executor = new LinkedHashMap<>();
                executor.put("executor", EXECUTOR);
                Object other = in.jsonValue(1);
                // never JSON null: Keycloak's own ClientPoliciesUtil.isValidExecutor dereferences a null configuration
                // (a 500 of Keycloak itself, for every executor, stock or ours, before any of our code runs)
                executor.put("configuration", in.chance(0.9) || other == null ? configuration : other);
                profiles.add(Map.of("name", "fuzz-profile", "executors", List.of(executor)));
                return new Req(
                        "PUT admin client-policies/profiles (tenancy-refresh-rotation)",
                        "PUT",
                        admin + "/client-policies/profiles",
                        utf8(FuzzInputs.toJson(Map.of("profiles", profiles))),
                        "application/json",
                        headers,
                        Answer.KEYCLOAK,
                        Guard.PROFILES);
            }
        }
    }

    /**
     * For Keycloak's own admin API: at most 200 characters (longer names and keys are a 500 of Keycloak itself, column
     * lengths) and no NUL (Keycloak stores it as sent and PostgreSQL refuses it: a 500 of Keycloak itself).
     */
    private static String bounded(String value) {
        String clean = value.replace("\0", "");
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }

    // ---- sending and checking ----

    private void exchange(Req req) {
        // state only changes through accepted writes, after which it is read again: the last state is the before
        Object before = req.guard() == Guard.NONE ? null : states.computeIfAbsent(req.guard(), this::snapshot);
        Http.Response response;
        try {
            response = send(req);
        } catch (IllegalArgumentException unsendable) {
            return; // a URI or header java.net.http refuses to send: not a request
        }
        requests++;
        int status = response.status();
        statuses.merge(status, 1, Integer::sum);
        statusByLabel.computeIfAbsent(req.label(), k -> new int[4])[Math.min(status / 100, 5) - 2]++;
        if (status >= 500) {
            serverErrors++;
            fail(req, response, "5xx");
        } else if (status >= 400) {
            checkErrorFormat(req, response);
        }
        if (req.label().startsWith("POST /tenancy-session")
                && spaCookie != null
                && req.headers().getOrDefault("Cookie", "").contains(spaCookie)) {
            absorbSpaCookie(
                    response, req.headers().get("Cookie").equals(CookieSessionClient.COOKIE_NAME + "=" + spaCookie));
        }
        if (status == 401 && req.answer() == Answer.OURS_JSON && tokensInUse(req)) {
            renewCredentials(); // e.g. the sessions of the caller were just ended by a fuzzed request
        }
        if (req.guard() == Guard.NONE) {
            return;
        }
        if (status >= 400) {
            rejectedWrites++;
            Object after = snapshot(req.guard());
            stateChecks++;
            if (!after.equals(before)) {
                partialWrites++;
                fail(
                        req,
                        response,
                        "partial write: " + req.guard() + " state changed by a rejected request\nbefore: "
                                + abbreviate(String.valueOf(before), 2000) + "\nafter:  "
                                + abbreviate(String.valueOf(after), 2000));
                states.put(req.guard(), after);
            }
        } else {
            acceptedWrites++;
            afterAcceptedWrite(req, response);
            states.put(req.guard(), snapshot(req.guard()));
        }
    }

    private boolean tokensInUse(Req req) {
        String authorization = req.headers().getOrDefault("Authorization", "");
        return tokens.values().stream().anyMatch(t -> authorization.equals("Bearer " + t));
    }

    private void checkErrorFormat(Req req, Http.Response response) {
        String type = String.valueOf(response.header("Content-Type"));
        switch (req.answer()) {
            case OURS_JSON -> {
                Map<String, Object> body;
                try {
                    body = Http.JSON.readValue(response.body(), new TypeReference<>() {});
                } catch (IOException | RuntimeException e) {
                    if (req.method().equals("HEAD") && response.body().isEmpty()) {
                        return;
                    }
                    fail(req, response, "a 4xx that is not a JSON object");
                    return;
                }
                Object error = body == null ? null : body.get("error");
                if (error instanceof String e && e.contains(" ")) {
                    // not an OAuth error code but a sentence: JAX-RS or Keycloak in front of our code (no such method
                    // on
                    // this path, a query parameter with control characters), rendered by Keycloak's error handler
                    frameworkAnswers++;
                    return;
                }
                if (!(error instanceof String) || !(body.get("error_description") instanceof String)) {
                    fail(req, response, "a 4xx without error and error_description");
                }
            }
            case OURS_HTML -> {
                if (!type.startsWith("text/html") && !type.startsWith("application/json")) {
                    fail(req, response, "a 4xx of the invitation page that is neither HTML nor JSON: " + type);
                }
            }
            case KEYCLOAK -> {}
        }
    }

    private void afterAcceptedWrite(Req req, Http.Response response) {
        switch (req.guard()) {
            case TENANT -> {
                if (req.label().contains("/invitations") && response.status() == 201) {
                    invitationIds.add(response.string("id"));
                }
                if (req.label().contains("sessions")) {
                    renewCredentials();
                }
                repairTenant();
            }
            case MAPPERS -> {
                for (Object mapper : realm.adminCall(
                                "GET", "/clients/" + mapperClientUuid + "/protocol-mappers/models", null)
                        .jsonList()) {
                    String id = String.valueOf(((Map<String, Object>) mapper).get("id"));
                    if (!id.equals(baseMapperId)) {
                        realm.adminOk(
                                "DELETE", "/clients/" + mapperClientUuid + "/protocol-mappers/models/" + id, null);
                    }
                }
            }
            case PROFILES -> realm.adminOk("PUT", "/client-policies/profiles", Map.of("profiles", originalProfiles));
            default -> {}
        }
    }

    /**
     * Puts back what accepted writes may have taken away and later requests need to reach deep code: acme enabled, an
     * empty policy (a fuzzed MFA requirement would refuse the callers' next tokens), ann (an admin), bob, victim and
     * dave members of acme, ann and dave of globex (a fuzzed leave or removal takes them out).
     */
    private void repairTenant() {
        String rootToken = tokens.get("root");
        for (String alias : List.of("acme", "globex")) {
            api.call("DELETE", "/" + alias + "/suspension", null, rootToken);
            api.call("PUT", "/" + alias + "/policy", Map.of(), rootToken);
        }
        for (String member : List.of(ann, bob, victim, dave)) {
            if (api.get("/acme/members/" + member, rootToken).status() == 404) {
                realm.addMember(acmeId, member);
            }
        }
        // 409 when ann is in admins already
        realm.adminCall("PUT", "/organizations/" + acmeId + "/groups/" + adminsGroup + "/members/" + ann, null);
        // a fuzzed POST /{alias}/leave may have taken ann or dave out of globex
        for (String member : List.of(ann, dave)) {
            if (api.get("/globex/members/" + member, rootToken).status() == 404) {
                realm.addMember(globexId, member);
            }
        }
    }

    private void renewCredentials() {
        tokens.put("root", api.token("root", null));
        tokens.put("ann@acme", api.token("ann", "acme"));
        tokens.put("ann@globex", api.token("ann", "globex"));
        tokens.put("bob@acme", api.token("bob", "acme"));
        Http.Response grant = realm.passwordGrant(TenantApi.APP, "ann", "openid organization:acme");
        annRefreshToken = grant.string("refresh_token");
    }

    private static String masterToken() {
        return realm.server().admin().tokenManager().getAccessTokenString();
    }

    private void absorbSpaCookie(Http.Response response, boolean onlyThisCookie) {
        for (String header : CookieSessionClient.setCookies(response)) {
            Map<String, String> attributes = CookieSessionClient.attributes(header);
            if (CookieSessionClient.COOKIE_NAME.equals(attributes.get("name"))) {
                spaCookie = "0".equals(attributes.get("max-age")) ? null : attributes.get("value");
            }
        }
        if (onlyThisCookie && response.status() == 400 && response.body().contains("invalid_grant")) {
            spaCookie = null; // the session ended (sessions endpoint, replay): sign in again later
        }
    }

    private Http.Response send(Req req) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(req.url()))
                .timeout(Duration.ofSeconds(60))
                .method(
                        req.method(),
                        req.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(req.body()));
        if (req.contentType() != null) {
            request.header("Content-Type", req.contentType());
        }
        req.headers().forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(req.summary() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void fail(Req req, Http.Response response, String problem) {
        if (failures.size() < 50) {
            failures.add("#" + requests + " " + req.label() + ": " + problem + "\n  request: " + req.summary()
                    + "\n  answer: HTTP " + response.status() + " " + abbreviate(response.body(), 500));
        }
    }

    // ---- observable state ----

    /** acme as a realm admin sees it through the tenant API: profile, policy, members with roles, invitations. */
    private Object tenantSnapshot() {
        String rootToken = tokens.get("root");
        // the organization as the admin API has it: name, description, enabled and ALL attributes (policy, branding)
        CompletableFuture<Object> organization = async(
                () -> realm.adminCall("GET", "/organizations/" + acmeId, null).json());
        CompletableFuture<Object> invitations =
                async(() -> api.get("/acme/invitations?max=1000", rootToken).jsonList().stream()
                        .map(i -> {
                            Map<String, Object> invitation = new TreeMap<>((Map<String, Object>) i);
                            // expiry is time passing, not a write: an expired invitation is a pending one in the table
                            invitation.computeIfPresent("status", (k, v) -> "EXPIRED".equals(v) ? "PENDING" : v);
                            return invitation;
                        })
                        .sorted(Comparator.comparing(Object::toString))
                        .toList());
        Map<String, CompletableFuture<Object>> roles = new TreeMap<>();
        // the usual members' roles are read along with the list, in one round trip; anyone else's after it
        for (String id : List.of(ann, bob, victim, dave)) {
            roles.put(id, async(() -> rolesOf(id, rootToken)));
        }
        List<Object> members = api.get("/acme/members?max=1000", rootToken).jsonList();
        for (Object member : members) {
            String id = String.valueOf(((Map<String, Object>) member).get("id"));
            roles.computeIfAbsent(id, k -> async(() -> rolesOf(id, rootToken)));
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("organization", organization.join());
        state.put(
                "members",
                members.stream().sorted(Comparator.comparing(Object::toString)).toList());
        Map<String, Object> memberRoles = new TreeMap<>();
        roles.forEach((id, future) -> memberRoles.put(id, future.join()));
        state.put("roles", memberRoles);
        state.put("invitations", invitations.join());
        return state;
    }

    private Object snapshot(Guard guard) {
        return switch (guard) {
            case TENANT -> tenantSnapshot();
            case TENANTS -> tenantsSnapshot();
            case MAPPERS -> mappersSnapshot();
            default -> profilesSnapshot();
        };
    }

    private CompletableFuture<Object> async(Supplier<Object> call) {
        return CompletableFuture.supplyAsync(call, snapshotPool);
    }

    /** The member's roles, or "not a member" (the list says who is a member). */
    private Object rolesOf(String userId, String rootToken) {
        Http.Response response = api.get("/acme/members/" + userId + "/roles", rootToken);
        return response.status() == 404 ? "not a member" : response.jsonList();
    }

    private Object tenantsSnapshot() {
        return realm.adminCall("GET", "/organizations?max=100000&briefRepresentation=true", null).jsonList().stream()
                .map(o -> ((Map<String, Object>) o).get("alias") + "/" + ((Map<String, Object>) o).get("id"))
                .sorted()
                .toList();
    }

    private Object mappersSnapshot() {
        return realm
                .adminCall("GET", "/clients/" + mapperClientUuid + "/protocol-mappers/models", null)
                .jsonList()
                .stream()
                .map(Object::toString)
                .sorted()
                .toList();
    }

    private Object profilesSnapshot() {
        return realm.adminCall("GET", "/client-policies/profiles", null).json();
    }

    // ---- helpers ----

    private static boolean isWrite(String method) {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    private String perLabel() {
        StringBuilder out = new StringBuilder("requests per endpoint (2xx/3xx/4xx/5xx):\n");
        statusByLabel.forEach((label, counts) -> out.append(
                String.format("  %-60s %5d %5d %5d %5d%n", label, counts[0], counts[1], counts[2], counts[3])));
        return out.toString();
    }

    private static String readFrom(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 200L * 1024 * 1024)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static String abbreviate(String s, int max) {
        String printable = s == null ? "null" : s.replaceAll("[\\x00-\\x08\\x0B-\\x1F]", "?");
        return printable.length() <= max ? printable : printable.substring(0, max) + "...(" + printable.length() + ")";
    }
}

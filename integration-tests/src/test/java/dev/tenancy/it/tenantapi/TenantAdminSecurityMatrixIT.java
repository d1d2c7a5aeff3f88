package dev.tenancy.it.tenantapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security matrix of the tenant API: EVERY endpoint x EVERY kind of caller, with the expected status of each cell,
 * in one table-driven test. Tenant-scoped endpoints are called on tenant {@code acme}. A cell that is allowed runs
 * for real (and is undone afterwards); the test fails on any cell whose status differs, and reports separately every
 * "unexpected allow" (2xx where a denial was expected), which must be zero.
 *
 * <p>Pinned decisions: non-members (also admins of another tenant) get 404 like an unknown tenant; a member whose
 * token acts in another tenant gets 403, also when the user is an admin of this tenant (switch first); suspension is
 * for realm admins only (403 for tenant admins); only realm admins add users directly (tenant admins invite); a
 * token without the client scope {@code tenancy-admin} gets 403 everywhere but the public endpoints, whoever its
 * user is; a role outside the token's role scope does not count (a tenant admin holds no permission, a realm admin
 * is no realm admin: Keycloak's admin API rule); a
 * tenant admin reaches no user outside the tenant (404 on every member path of a user only in another tenant).</p>
 */
@KeycloakIntegrationTest
class TenantAdminSecurityMatrixIT {

    enum Caller {
        ANONYMOUS,
        EXPIRED_TOKEN,
        OTHER_REALM_TOKEN,
        OTHER_TENANT_MEMBER,
        PLAIN_MEMBER,
        VIEW_MEMBERS,
        MANAGE_MEMBERS,
        MANAGE_ROLES,
        MANAGE_INVITATIONS,
        MANAGE_POLICIES,
        MANAGE_SESSIONS,
        VIEW_AUDIT,
        OTHER_TENANT_ADMIN,
        ADMIN_ACTING_IN_OTHER_TENANT,
        TENANT_ADMIN,
        REALM_ADMIN,
        /** Tenant admin and realm admin through a client without the client scope tenancy-admin. */
        TENANT_ADMIN_WITHOUT_API_SCOPE,
        REALM_ADMIN_WITHOUT_API_SCOPE,
        /** Through a client with tenancy-admin but without full scope and without scope mappings: no role in scope. */
        TENANT_ADMIN_NARROW_ROLE_SCOPE,
        REALM_ADMIN_NARROW_ROLE_SCOPE;

        String permission() {
            return switch (this) {
                case VIEW_MEMBERS,
                        MANAGE_MEMBERS,
                        MANAGE_ROLES,
                        MANAGE_INVITATIONS,
                        MANAGE_POLICIES,
                        MANAGE_SESSIONS,
                        VIEW_AUDIT -> name().toLowerCase().replace('_', '-');
                default -> null;
            };
        }
    }

    /** Who may call an endpoint. */
    enum Rule {
        PUBLIC,
        AUTHENTICATED,
        REALM_ADMIN,
        ANY_TENANT_MEMBER,
        PERMISSION,
        /** The caller's own membership (leave): any member acting in the tenant, no permission; else 404. */
        OWN_MEMBERSHIP
    }

    record Endpoint(
            String method,
            Supplier<String> path,
            Supplier<Object> body,
            Rule rule,
            String permission,
            int allowedStatus,
            Runnable before,
            Runnable afterAllowed) {
        String label() {
            return method + " "
                    + path.get().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}").replaceAll("\\?key=.*", "?key=..");
        }
    }

    static final String OTHER_REALM = "it-tenantadminmatrix-other";
    static TenantApi api;
    static KeycloakServer server;
    static String acme;
    static String globex;
    static String target; // an acme member the cells act on
    static String outsider; // a user only in globex: no acme cell may reach them
    static String victim; // a user added/removed by member cells
    static String plainRole; // an acme group without permissions
    static String pendingInvitation;
    static String expiredToken;
    static String otherRealmToken;
    static final Map<Caller, String> TOKENS = new EnumMap<>(Caller.class);
    static final AtomicInteger SEQ = new AtomicInteger();
    /** The caller of the cell being run (to undo what an allowed cell did to the caller's own membership). */
    static Caller current;
    /** The acme group of each caller that is an acme member (null: none), to restore a membership after leave. */
    static final Map<Caller, String> ACME_GROUP = new EnumMap<>(Caller.class);

    static String acmeAdmins;

    @BeforeAll
    static void setUp(TestRealm realm, KeycloakServer keycloak) throws InterruptedException {
        server = keycloak;
        api = TenantApi.setUp(realm);
        acme = realm.createOrganization("acme", "Acme Corp");
        globex = realm.createOrganization("globex", "Globex Inc");
        acmeAdmins = api.groupWithPermissions(acme, "admins", "tenant-admin");
        String globexAdmins = api.groupWithPermissions(globex, "admins", "tenant-admin");
        plainRole = api.groupWithPermissions(acme, "staff");

        api.member(globex, "other-member");
        api.member(acme, "plain-member");
        for (Caller c : Caller.values()) {
            if (c.permission() != null) {
                String group = api.groupWithPermissions(acme, "only-" + c.permission(), c.permission());
                api.member(acme, "perm-" + c.permission(), group);
                ACME_GROUP.put(c, group);
            }
        }
        api.member(globex, "other-admin", globexAdmins);
        String both = api.member(acme, "both-admin", acmeAdmins);
        realm.addMember(globex, both);
        realm.joinOrganizationGroup(globex, globexAdmins, both);
        api.member(acme, "tenant-admin", acmeAdmins);
        api.createRealmAdmin("realm-admin");
        target = api.member(acme, "target");
        victim = realm.createUser("victim", "victim@users.test");
        outsider = api.member(globex, "outsider");
        String dual = api.member(acme, "dual-member");
        realm.addMember(globex, dual);
        api.otherClient("no-api-scope", true, false);
        api.otherClient("narrow-role-scope", false, true);

        String shortLived = realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        "short-lived",
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "attributes",
                        Map.of("access.token.lifespan", "1")));
        assertThat(shortLived).isNotNull();
        Http.Response shortToken = realm.passwordGrant("short-lived", "tenant-admin", "openid");
        assertThat(shortToken.status()).isEqualTo(200);
        expiredToken = shortToken.string("access_token");

        server.admin().realms().findAll().stream()
                .filter(r -> r.getRealm().equals(OTHER_REALM))
                .forEach(r -> server.admin().realm(OTHER_REALM).remove());
        Http.Response other = Http.json(
                "POST",
                server.baseUrl() + "/admin/realms",
                Map.of(
                        "realm",
                        OTHER_REALM,
                        "enabled",
                        true,
                        "organizationsEnabled",
                        true,
                        "clients",
                        List.of(Map.of(
                                "clientId", TenantApi.APP, "publicClient", true, "directAccessGrantsEnabled", true)),
                        "users",
                        List.of(Map.of(
                                "username",
                                "tenant-admin",
                                "enabled",
                                true,
                                "email",
                                "o@other.test",
                                "emailVerified",
                                true,
                                "firstName",
                                "O",
                                "lastName",
                                "T",
                                "credentials",
                                List.of(Map.of("type", "password", "value", TestRealm.PASSWORD, "temporary", false))))),
                Http.bearer(server.admin().tokenManager().getAccessTokenString()));
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        Http.Response otherToken = Http.form(
                server.baseUrl() + "/realms/" + OTHER_REALM + "/protocol/openid-connect/token",
                Http.fields(
                        "grant_type",
                        "password",
                        "client_id",
                        TenantApi.APP,
                        "username",
                        "tenant-admin",
                        "password",
                        TestRealm.PASSWORD,
                        "scope",
                        "openid"));
        assertThat(otherToken.status()).isEqualTo(200);
        otherRealmToken = otherToken.string("access_token");

        pendingInvitation = createInvitation();
        Thread.sleep(2500); // the short-lived token (1 s) is now expired
    }

    @AfterAll
    static void tearDown() {
        server.admin().realm(OTHER_REALM).remove();
    }

    static String token(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case EXPIRED_TOKEN -> expiredToken;
            case OTHER_REALM_TOKEN -> otherRealmToken;
            default ->
                TOKENS.computeIfAbsent(caller, c -> switch (c) {
                    case OTHER_TENANT_MEMBER -> api.token("other-member", "globex");
                    case PLAIN_MEMBER -> api.token("plain-member", "acme");
                    case OTHER_TENANT_ADMIN -> api.token("other-admin", "globex");
                    case ADMIN_ACTING_IN_OTHER_TENANT -> api.token("both-admin", "globex");
                    case TENANT_ADMIN -> api.token("tenant-admin", "acme");
                    case REALM_ADMIN -> api.token("realm-admin", null);
                    case TENANT_ADMIN_WITHOUT_API_SCOPE -> api.token("no-api-scope", "tenant-admin", "acme");
                    case REALM_ADMIN_WITHOUT_API_SCOPE -> api.token("no-api-scope", "realm-admin", null);
                    case TENANT_ADMIN_NARROW_ROLE_SCOPE -> api.token("narrow-role-scope", "tenant-admin", "acme");
                    case REALM_ADMIN_NARROW_ROLE_SCOPE -> api.token("narrow-role-scope", "realm-admin", null);
                    default -> api.token("perm-" + c.permission(), "acme");
                });
        };
    }

    static String createInvitation() {
        Http.Response created = api.call(
                "POST",
                "/acme/invitations",
                Map.of("email", "inv" + SEQ.incrementAndGet() + "@matrix.test"),
                token(Caller.REALM_ADMIN));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.string("id");
    }

    static void ensureMember(String userId, boolean member) {
        boolean is = api.realm
                        .adminCall("GET", "/organizations/" + acme + "/members/" + userId, null)
                        .status()
                == 200;
        if (member && !is) {
            api.realm.addMember(acme, userId);
        } else if (!member && is) {
            api.realm.adminOk("DELETE", "/organizations/" + acme + "/members/" + userId, null);
        }
    }

    /** The acme member behind a caller's token (null: the caller is no acme member). */
    static String acmeUsername(Caller caller) {
        return switch (caller) {
            case PLAIN_MEMBER -> "plain-member";
            case TENANT_ADMIN, TENANT_ADMIN_NARROW_ROLE_SCOPE -> "tenant-admin";
            default -> caller.permission() == null ? null : "perm-" + caller.permission();
        };
    }

    /** Puts the caller of the cell that just left acme back, into their group. */
    static void rejoinAcme() {
        String username = acmeUsername(current);
        String id = (String) ((Map<?, ?>) api.realm
                        .adminCall("GET", "/users?exact=true&username=" + username, null)
                        .jsonList()
                        .get(0))
                .get("id");
        ensureMember(id, true);
        String group = current == Caller.TENANT_ADMIN || current == Caller.TENANT_ADMIN_NARROW_ROLE_SCOPE
                ? acmeAdmins
                : ACME_GROUP.get(current);
        if (group != null) {
            api.realm.joinOrganizationGroup(acme, group, id);
        }
    }

    static void ensureInAdmins(boolean in) {
        api.realm.adminCall(
                in ? "PUT" : "DELETE", "/organizations/" + acme + "/groups/" + acmeAdmins + "/members/" + target, null);
    }

    static void ensureInRole(boolean in) {
        if (in) {
            api.realm.adminCall("PUT", "/organizations/" + acme + "/groups/" + plainRole + "/members/" + target, null);
        } else {
            api.realm.adminCall(
                    "DELETE", "/organizations/" + acme + "/groups/" + plainRole + "/members/" + target, null);
        }
    }

    static List<Endpoint> endpoints() {
        Runnable none = () -> {};
        String[] freshInvitation = new String[1];
        return List.of(
                new Endpoint("GET", () -> "/me", () -> null, Rule.AUTHENTICATED, null, 200, none, none),
                new Endpoint("GET", () -> "/openapi", () -> null, Rule.PUBLIC, null, 200, none, none),
                new Endpoint(
                        "POST",
                        () -> "",
                        () -> Map.of("alias", "t" + SEQ.incrementAndGet(), "name", "Tenant " + SEQ.get()),
                        Rule.REALM_ADMIN,
                        null,
                        201,
                        none,
                        none),
                new Endpoint(
                        "GET",
                        () -> "/invitations/accept?key=nope.nope",
                        () -> null,
                        Rule.PUBLIC,
                        null,
                        400,
                        none,
                        none),
                new Endpoint(
                        "GET",
                        () -> "/invitations/callback?code=nope&state=nope",
                        () -> null,
                        Rule.PUBLIC,
                        null,
                        400,
                        none,
                        none),
                new Endpoint(
                        "POST",
                        () -> "/invitations/accept",
                        () -> Map.of("key", "nope.nope"),
                        Rule.AUTHENTICATED,
                        null,
                        404,
                        none,
                        none),
                new Endpoint("GET", () -> "", () -> null, Rule.REALM_ADMIN, null, 200, none, none),
                new Endpoint("GET", () -> "/me/invitations", () -> null, Rule.AUTHENTICATED, null, 200, none, none),
                new Endpoint(
                        "POST",
                        () -> "/me/invitations/" + pendingInvitation + "/accept",
                        () -> null,
                        Rule.AUTHENTICATED,
                        null,
                        404,
                        none,
                        none),
                new Endpoint(
                        "POST",
                        () -> "/me/invitations/" + pendingInvitation + "/decline",
                        () -> null,
                        Rule.AUTHENTICATED,
                        null,
                        404,
                        none,
                        none),
                new Endpoint("GET", () -> "/acme", () -> null, Rule.ANY_TENANT_MEMBER, null, 200, none, none),
                new Endpoint(
                        "POST",
                        () -> "/acme/leave",
                        () -> null,
                        Rule.OWN_MEMBERSHIP,
                        null,
                        204,
                        none,
                        TenantAdminSecurityMatrixIT::rejoinAcme),
                new Endpoint(
                        "PUT",
                        () -> "/acme",
                        () -> Map.of("description", "d" + SEQ.incrementAndGet()),
                        Rule.PERMISSION,
                        "manage-policies",
                        200,
                        none,
                        none),
                new Endpoint(
                        "PUT",
                        () -> "/acme/suspension",
                        () -> null,
                        Rule.REALM_ADMIN,
                        null,
                        204,
                        none,
                        () -> api.call("DELETE", "/acme/suspension", null, token(Caller.REALM_ADMIN))),
                new Endpoint("DELETE", () -> "/acme/suspension", () -> null, Rule.REALM_ADMIN, null, 204, none, none),
                new Endpoint("GET", () -> "/acme/roles", () -> null, Rule.PERMISSION, "view-members", 200, none, none),
                new Endpoint("GET", () -> "/acme/events", () -> null, Rule.PERMISSION, "view-audit", 200, none, none),
                new Endpoint(
                        "GET",
                        () -> "/acme/events?kind=user&type=REFRESH_TOKEN&dateFrom=2026-01-01&dateTo=2099-12-31",
                        () -> null,
                        Rule.PERMISSION,
                        "view-audit",
                        200,
                        none,
                        none),
                new Endpoint(
                        "GET", () -> "/acme/members", () -> null, Rule.PERMISSION, "view-members", 200, none, none),
                new Endpoint(
                        "GET",
                        () -> "/acme/members?include=roles&after=a&max=5",
                        () -> null,
                        Rule.PERMISSION,
                        "view-members",
                        200,
                        none,
                        none),
                new Endpoint(
                        "POST",
                        () -> "/acme/members",
                        () -> Map.of("userId", victim),
                        Rule.REALM_ADMIN,
                        null,
                        201,
                        () -> ensureMember(victim, false),
                        () -> ensureMember(victim, false)),
                new Endpoint(
                        "POST",
                        () -> "/acme/members",
                        () -> Map.of("userId", outsider),
                        Rule.REALM_ADMIN,
                        null,
                        201,
                        none,
                        () -> ensureMember(outsider, false)),
                new Endpoint(
                        "GET",
                        () -> "/acme/members/count",
                        () -> null,
                        Rule.PERMISSION,
                        "view-members",
                        200,
                        none,
                        none),
                new Endpoint(
                        "GET",
                        () -> "/acme/members/" + target,
                        () -> null,
                        Rule.PERMISSION,
                        "view-members",
                        200,
                        none,
                        none),
                new Endpoint(
                        "DELETE",
                        () -> "/acme/members/" + victim,
                        () -> null,
                        Rule.PERMISSION,
                        "manage-members",
                        204,
                        () -> ensureMember(victim, true),
                        () -> ensureMember(victim, false)),
                new Endpoint(
                        "GET",
                        () -> "/acme/members/" + target + "/roles",
                        () -> null,
                        Rule.PERMISSION,
                        "view-members",
                        200,
                        none,
                        none),
                new Endpoint(
                        "PUT",
                        () -> "/acme/members/" + target + "/roles/staff",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-roles",
                        204,
                        () -> ensureInRole(false),
                        () -> ensureInRole(false)),
                // a role carrying tenant-admin: only who holds every permission it confers may grant it (no escalation)
                new Endpoint(
                        "PUT",
                        () -> "/acme/members/" + target + "/roles/admins",
                        () -> null,
                        Rule.PERMISSION,
                        "tenant-admin",
                        204,
                        () -> ensureInAdmins(false),
                        () -> ensureInAdmins(false)),
                new Endpoint(
                        "DELETE",
                        () -> "/acme/members/" + target + "/roles/" + plainRole,
                        () -> null,
                        Rule.PERMISSION,
                        "manage-roles",
                        204,
                        () -> ensureInRole(true),
                        () -> ensureInRole(false)),
                new Endpoint(
                        "GET",
                        () -> "/acme/members/" + target + "/sessions",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-sessions",
                        200,
                        none,
                        none),
                new Endpoint(
                        "DELETE",
                        () -> "/acme/members/" + target + "/sessions",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-sessions",
                        200,
                        () -> api.token("target", "acme"),
                        none),
                new Endpoint(
                        "DELETE",
                        () -> "/acme/sessions",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-sessions",
                        200,
                        none,
                        TOKENS::clear),
                // a user only in globex is out of acme's reach, for acme's admins and for realm admins on acme's path
                new Endpoint(
                        "GET",
                        () -> "/acme/members/" + outsider,
                        () -> null,
                        Rule.PERMISSION,
                        "view-members",
                        404,
                        none,
                        none),
                new Endpoint(
                        "DELETE",
                        () -> "/acme/members/" + outsider,
                        () -> null,
                        Rule.PERMISSION,
                        "manage-members",
                        404,
                        none,
                        none),
                new Endpoint(
                        "GET",
                        () -> "/acme/members/" + outsider + "/roles",
                        () -> null,
                        Rule.PERMISSION,
                        "view-members",
                        404,
                        none,
                        none),
                new Endpoint(
                        "PUT",
                        () -> "/acme/members/" + outsider + "/roles/staff",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-roles",
                        404,
                        none,
                        none),
                new Endpoint(
                        "GET",
                        () -> "/acme/members/" + outsider + "/sessions",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-sessions",
                        404,
                        () -> api.token("outsider", "globex"),
                        none),
                new Endpoint(
                        "DELETE",
                        () -> "/acme/members/" + outsider + "/sessions",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-sessions",
                        404,
                        () -> api.token("outsider", "globex"),
                        none),
                new Endpoint(
                        "GET",
                        () -> "/acme/invitations",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-invitations",
                        200,
                        none,
                        none),
                new Endpoint(
                        "POST",
                        () -> "/acme/invitations",
                        () -> Map.of("email", "new" + SEQ.incrementAndGet() + "@matrix.test"),
                        Rule.PERMISSION,
                        "manage-invitations",
                        201,
                        none,
                        none),
                new Endpoint(
                        "GET",
                        () -> "/acme/invitations/" + pendingInvitation,
                        () -> null,
                        Rule.PERMISSION,
                        "manage-invitations",
                        200,
                        none,
                        none),
                new Endpoint(
                        "POST",
                        () -> "/acme/invitations/" + pendingInvitation + "/resend",
                        () -> null,
                        Rule.PERMISSION,
                        "manage-invitations",
                        200,
                        none,
                        none),
                new Endpoint(
                        "DELETE",
                        () -> "/acme/invitations/" + freshInvitation[0],
                        () -> null,
                        Rule.PERMISSION,
                        "manage-invitations",
                        204,
                        () -> freshInvitation[0] = createInvitation(),
                        none));
    }

    /** The expected status of one cell. */
    static int expected(Endpoint endpoint, Caller caller) {
        if (endpoint.rule() == Rule.PUBLIC) {
            return endpoint.allowedStatus();
        }
        if (caller == Caller.ANONYMOUS || caller == Caller.EXPIRED_TOKEN || caller == Caller.OTHER_REALM_TOKEN) {
            return 401;
        }
        if (caller == Caller.TENANT_ADMIN_WITHOUT_API_SCOPE || caller == Caller.REALM_ADMIN_WITHOUT_API_SCOPE) {
            return 403;
        }
        return switch (endpoint.rule()) {
            case AUTHENTICATED -> endpoint.allowedStatus();
            case REALM_ADMIN ->
                caller == Caller.REALM_ADMIN ? endpoint.allowedStatus() : tenantVisibility(endpoint, caller, 403);
            case ANY_TENANT_MEMBER -> tenantVisibility(endpoint, caller, endpoint.allowedStatus());
            // a realm admin is no member of acme: nothing to leave
            case OWN_MEMBERSHIP ->
                caller == Caller.REALM_ADMIN ? 404 : tenantVisibility(endpoint, caller, endpoint.allowedStatus());
            case PERMISSION ->
                tenantVisibility(
                        endpoint,
                        caller,
                        caller == Caller.TENANT_ADMIN || endpoint.permission().equals(caller.permission())
                                ? endpoint.allowedStatus()
                                : 403);
            default -> throw new IllegalStateException();
        };
    }

    /** For tenant-scoped endpoints: who cannot see acme (404), who acts in another tenant (403), else {@code inside}. */
    static int tenantVisibility(Endpoint endpoint, Caller caller, int inside) {
        if (!endpoint.path().get().startsWith("/acme")) {
            return inside; // POST /tenants: realm-wide
        }
        return switch (caller) {
            case REALM_ADMIN -> endpoint.allowedStatus();
            // not a member of acme; the realm admin whose role scope leaves out realm-management is no realm admin here
            case OTHER_TENANT_MEMBER, OTHER_TENANT_ADMIN, REALM_ADMIN_NARROW_ROLE_SCOPE -> 404;
            case ADMIN_ACTING_IN_OTHER_TENANT -> 403;
            default -> inside;
        };
    }

    @Test
    void everyEndpointTimesEveryCallerAnswersAsSpecified() {
        List<String> mismatches = new ArrayList<>();
        List<String> unexpectedAllows = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("%-55s", "endpoint \\ caller"));
        for (Caller c : Caller.values()) {
            table.append(String.format(" %4.4s", c.name().replace("_", "")));
        }
        table.append('\n');
        int cells = 0;
        for (Endpoint endpoint : endpoints()) {
            table.append(String.format("%-55s", endpoint.label()));
            for (Caller caller : Caller.values()) {
                endpoint.before().run();
                current = caller;
                String token = token(caller);
                Http.Response response = api.call(
                        endpoint.method(),
                        endpoint.path().get(),
                        endpoint.body().get(),
                        token);
                int want = expected(endpoint, caller);
                cells++;
                table.append(String.format(" %4d", response.status()));
                if (response.status() != want) {
                    mismatches.add(endpoint.label() + " as " + caller + ": expected " + want + ", got " + response);
                    if (response.status() / 100 == 2 && want / 100 != 2) {
                        unexpectedAllows.add(endpoint.label() + " as " + caller);
                    }
                }
                if (response.status() >= 400 && !endpoint.label().startsWith("GET /invitations/")) {
                    assertThat(response.json())
                            .as(endpoint.label() + " as " + caller + ": error format")
                            .containsKeys("error", "error_description");
                }
                if (response.status() / 100 == 2) {
                    endpoint.afterAllowed().run();
                }
            }
            table.append('\n');
        }
        System.out.println("[tenancy] tenant API security matrix (" + cells + " cells):\n" + table);
        assertThat(unexpectedAllows).as("unexpected allows").isEmpty();
        assertThat(mismatches).as("cells with another status than specified").isEmpty();
        assertThat(cells).isEqualTo(endpoints().size() * Caller.values().length);
        assertThat(Set.of(Caller.values())).hasSize(20);
    }

    /**
     * A user active in acme AND globex whose acme sessions acme's admin ends, one member and tenant-wide: acme's chain
     * is refused, globex's keeps refreshing, and neither acme's listing nor acme's logout ever shows or touches it.
     */
    @Test
    void aMemberActiveInBothTenantsLosesOnlyTheAcmeChainsWhenAcmesAdminEndsThem() {
        String dual = api.realm.adminCall("GET", "/users?exact=true&username=dual-member", null).jsonList().stream()
                .map(u -> (String) ((Map<?, ?>) u).get("id"))
                .findFirst()
                .orElseThrow();
        for (String end : List.of("/acme/members/" + dual + "/sessions", "/acme/sessions")) {
            String adminOfAcme = api.token("tenant-admin", "acme");
            Http.Response inAcme = api.realm.passwordGrant(TenantApi.APP, "dual-member", "openid organization:acme");
            Http.Response inGlobex =
                    api.realm.passwordGrant(TenantApi.APP, "dual-member", "openid organization:globex");
            assertThat(inAcme.status()).isEqualTo(200);
            assertThat(inGlobex.status()).isEqualTo(200);
            List<Object> listed =
                    api.get("/acme/members/" + dual + "/sessions", adminOfAcme).jsonList();
            assertThat(listed).as("acme's listing: the acme login only").hasSize(1);
            assertThat(listed.toString()).doesNotContain("globex");

            Http.Response ended = api.call("DELETE", end, null, adminOfAcme);
            assertThat(ended.status()).as(end + ": " + ended).isEqualTo(200);
            Http.Response acmeRefresh = api.realm.refreshGrant(TenantApi.APP, inAcme.string("refresh_token"));
            assertThat(acmeRefresh.status()).as(end + ": acme's chain ended").isEqualTo(400);
            assertThat(acmeRefresh.json()).containsEntry("error", "invalid_grant");
            Http.Response globexRefresh = api.realm.refreshGrant(TenantApi.APP, inGlobex.string("refresh_token"));
            assertThat(globexRefresh.status())
                    .as(end + ": globex's chain untouched: " + globexRefresh)
                    .isEqualTo(200);
            // the tenant-wide logout ended the admin's own acme session too: a new login
            assertThat(api.get("/acme/members/" + dual + "/sessions", api.token("tenant-admin", "acme"))
                            .jsonList())
                    .isEmpty();
            assertThat(api.get("/globex/members/" + dual + "/sessions", token(Caller.OTHER_TENANT_ADMIN))
                            .jsonList())
                    .as("globex's admin still sees the globex login")
                    .hasSize(1);
            api.realm.adminOk("POST", "/users/" + dual + "/logout", null);
        }
        TOKENS.clear(); // the tenant-wide logout ended the acme sessions behind the matrix's cached tokens
    }
}

package dev.tenancy.bench.scenarios;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Our "Active tenant" mapper against Keycloak's own organization mapper, for the password grant or the refresh grant.
 * A: a client requesting {@code scope=openid organization}, whose token gets the claim {@code organization} from
 * Keycloak's {@code oidc-organization-membership-mapper} (the mapper of the realm's {@code organization} client scope);
 * B: a client with {@code oidc-tenant-mapper} (default options: groups, roles, resource_access of the audience),
 * requesting {@code scope=openid} (the user's only tenant is the active one). Both tokens name the tenant; ours also
 * carries the member's groups and roles in it. One user per worker, each in the admins group (role tenant-admin)
 * of tenant acme; setUp checks that each token carries its claim.
 */
public final class TenantMapperScenario implements Scenario {

    private final boolean refresh;
    private final String realmName;

    public TenantMapperScenario(boolean refresh) {
        this.refresh = refresh;
        this.realmName = refresh ? "bench-tenant-mapper-refresh" : "bench-tenant-mapper-password";
    }

    @Override
    public String name() {
        return refresh ? "tenant-mapper-refresh" : "tenant-mapper-password";
    }

    @Override
    public String description() {
        return (refresh ? "refresh grant" : "password grant") + "; A: Keycloak's oidc-organization-membership-mapper "
                + "(scope organization), B: oidc-tenant-mapper (only tenant); one user per worker, admin in acme";
    }

    @Override
    public Comparison setUp(BenchContext context) throws IOException, InterruptedException {
        BenchRealm realm = context.createRealm(realmName);
        context.admin("PUT", "/" + realmName, Map.of("realm", realmName, "organizationsEnabled", true));
        List<String> users = realm.createUsers(context.workers());
        String stock = realm.createPublicClient("stock-org-mapper");
        String ours = realm.createPublicClient("tenant-mapper", List.of(BenchRealm.activeTenantMapper()));

        String acme = idOf(context.admin(
                "POST",
                "/" + realmName + "/organizations",
                Map.of("alias", "acme", "name", "Acme Corp", "domains", List.of(Map.of("name", "acme.bench")))));
        String admins = idOf(context.admin(
                "POST", "/" + realmName + "/organizations/" + acme + "/groups", Map.of("name", "admins")));
        context.admin("POST", "/" + realmName + "/roles", Map.of("name", "tenant-admin"));
        Map<String, Object> role = Http.JSON.readValue(
                context.admin("GET", "/" + realmName + "/roles/tenant-admin", null)
                        .body(),
                Map.class);
        context.admin(
                "POST",
                "/" + realmName + "/organizations/" + acme + "/groups/" + admins + "/role-mappings/realm",
                List.of(role));
        for (String username : users) {
            String userId = idOfUser(context, username);
            context.admin("POST", "/" + realmName + "/organizations/" + acme + "/members", userId);
            context.admin(
                    "PUT",
                    "/" + realmName + "/organizations/" + acme + "/groups/" + admins + "/members/" + userId,
                    null);
        }
        Configuration a =
                configuration(context, realm, "stock organization mapper", stock, "openid organization", users);
        Configuration b = configuration(context, realm, "oidc-tenant-mapper", ours, "openid", users);
        expectClaim(context, realm, stock, "openid organization", users.get(0), "organization");
        expectClaim(context, realm, ours, "openid", users.get(0), "tenant");
        return new Comparison(a, b);
    }

    /** Outside the measurement: the configuration's access token has its tenant claim (else it compares nothing). */
    private static void expectClaim(
            BenchContext context, BenchRealm realm, String clientId, String scope, String username, String claim)
            throws IOException, InterruptedException {
        String accessToken = field(
                context.postForm(
                        realm.tokenEndpoint(),
                        Http.fields(
                                "grant_type",
                                "password",
                                "client_id",
                                clientId,
                                "username",
                                username,
                                "password",
                                BenchRealm.PASSWORD,
                                "scope",
                                scope)),
                "access_token");
        var claims = BenchRealm.unverifiedClaims(accessToken);
        if (!claims.path(claim).toString().contains("acme")) {
            throw new IllegalStateException(
                    clientId + ": the access token has no " + claim + " claim naming acme: " + claims);
        }
        System.out.printf(
                "  %s: access token %d bytes, %s = %s%n", clientId, accessToken.length(), claim, claims.path(claim));
    }

    private Configuration configuration(
            BenchContext context, BenchRealm realm, String label, String clientId, String scope, List<String> users)
            throws IOException, InterruptedException {
        if (!refresh) {
            return new Configuration(
                    label,
                    worker -> context.postForm(
                            realm.tokenEndpoint(),
                            Http.fields(
                                    "grant_type",
                                    "password",
                                    "client_id",
                                    clientId,
                                    "username",
                                    users.get(worker),
                                    "password",
                                    BenchRealm.PASSWORD,
                                    "scope",
                                    scope)));
        }
        String[] refreshTokens = new String[users.size()];
        for (int worker = 0; worker < users.size(); worker++) {
            refreshTokens[worker] = field(
                    context.postForm(
                            realm.tokenEndpoint(),
                            Http.fields(
                                    "grant_type",
                                    "password",
                                    "client_id",
                                    clientId,
                                    "username",
                                    users.get(worker),
                                    "password",
                                    BenchRealm.PASSWORD,
                                    "scope",
                                    scope)),
                    "refresh_token");
        }
        return new Configuration(label, worker -> {
            HttpResponse<String> response = context.postForm(
                    realm.tokenEndpoint(),
                    Http.fields(
                            "grant_type",
                            "refresh_token",
                            "client_id",
                            clientId,
                            "refresh_token",
                            refreshTokens[worker]));
            if (response.statusCode() == 200) {
                refreshTokens[worker] = field(response, "refresh_token");
            }
            return response;
        });
    }

    private String idOfUser(BenchContext context, String username) throws IOException {
        List<?> found = Http.JSON.readValue(
                context.admin("GET", "/" + realmName + "/users?exact=true&username=" + username, null)
                        .body(),
                List.class);
        return (String) ((Map<?, ?>) found.get(0)).get("id");
    }

    static String idOf(Http.Response created) {
        String location = created.header("Location");
        if (created.status() != 201 || location == null) {
            throw new IllegalStateException("expected 201 with a Location, got " + created);
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static String field(HttpResponse<String> response, String name) throws IOException {
        String value = response.statusCode() == 200
                ? Http.JSON.readTree(response.body()).path(name).asText(null)
                : null;
        if (value == null) {
            throw new IllegalStateException("no " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return value;
    }

    @Override
    public void tearDown(BenchContext context) {
        context.removeRealm(realmName);
    }
}

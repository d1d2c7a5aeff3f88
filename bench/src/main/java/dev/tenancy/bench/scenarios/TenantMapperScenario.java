package dev.tenancy.bench.scenarios;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.Http;

/**
 * Our "Active tenant" mapper against Keycloak's own organization mappers, for the password grant or the refresh
 * grant. A: a client with Keycloak's organization claim (membership mapper of the `organization` scope) plus the
 * organization group-membership mapper with group role mappings, requesting `organization`; B: a client with
 * `oidc-tenant-mapper`, requesting nothing extra (the user's only tenant). Both tokens carry the tenant, its groups
 * and its roles; one user per worker, each an admin of tenant acme.
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
        return (refresh ? "refresh grant" : "password grant") + "; A: Keycloak's organization + organization-group "
                + "mappers (scope organization); B: oidc-tenant-mapper (only tenant); one user per worker, admin in acme";
    }

    @Override
    public Comparison setUp(BenchContext context) throws IOException, InterruptedException {
        BenchRealm realm = context.createRealm(realmName);
        context.admin("PUT", "/" + realmName, Map.of("realm", realmName, "organizationsEnabled", true));
        List<String> users = realm.createUsers(context.workers());
        String stock = realm.createPublicClient("stock-org-mappers");
        addMapper(context, stock, Map.of("name", "organization groups", "protocol", "openid-connect",
                "protocolMapper", "oidc-organization-group-membership-mapper", "config", Map.of(
                        "access.token.claim", "true", "id.token.claim", "true", "addGroupRoleMappings", "true")));
        String ours = realm.createPublicClient("tenant-mapper");
        addMapper(context, ours, Map.of("name", "active tenant", "protocol", "openid-connect",
                "protocolMapper", "oidc-tenant-mapper", "config", Map.of("claim.name", "tenant",
                        "access.token.claim", "true", "id.token.claim", "true", "resourceAccess", "all")));

        String acme = idOf(context.admin("POST", "/" + realmName + "/organizations",
                Map.of("alias", "acme", "name", "Acme Corp", "domains", List.of(Map.of("name", "acme.bench")))));
        String admins = idOf(context.admin("POST", "/" + realmName + "/organizations/" + acme + "/groups",
                Map.of("name", "admins")));
        context.admin("POST", "/" + realmName + "/roles", Map.of("name", "tenant-admin"));
        Map<String, Object> role = Http.JSON.readValue(context.admin("GET", "/" + realmName + "/roles/tenant-admin", null)
                .body(), Map.class);
        context.admin("POST", "/" + realmName + "/organizations/" + acme + "/groups/" + admins + "/role-mappings/realm",
                List.of(role));
        for (String username : users) {
            String userId = idOfUser(context, username);
            context.admin("POST", "/" + realmName + "/organizations/" + acme + "/members", userId);
            context.admin("PUT", "/" + realmName + "/organizations/" + acme + "/groups/" + admins + "/members/" + userId, null);
        }
        return new Comparison(configuration(context, realm, "stock org mappers", "stock-org-mappers",
                "openid organization", users), configuration(context, realm, "oidc-tenant-mapper", "tenant-mapper",
                "openid", users));
    }

    private Configuration configuration(BenchContext context, BenchRealm realm, String label, String clientId,
            String scope, List<String> users) throws IOException, InterruptedException {
        if (!refresh) {
            return new Configuration(label, worker -> context.postForm(realm.tokenEndpoint(), Http.fields(
                    "grant_type", "password", "client_id", clientId, "username", users.get(worker),
                    "password", BenchRealm.PASSWORD, "scope", scope)));
        }
        String[] refreshTokens = new String[users.size()];
        for (int worker = 0; worker < users.size(); worker++) {
            refreshTokens[worker] = field(context.postForm(realm.tokenEndpoint(), Http.fields("grant_type", "password",
                    "client_id", clientId, "username", users.get(worker), "password", BenchRealm.PASSWORD,
                    "scope", scope)), "refresh_token");
        }
        return new Configuration(label, worker -> {
            HttpResponse<String> response = context.postForm(realm.tokenEndpoint(), Http.fields("grant_type",
                    "refresh_token", "client_id", clientId, "refresh_token", refreshTokens[worker]));
            if (response.statusCode() == 200) {
                refreshTokens[worker] = field(response, "refresh_token");
            }
            return response;
        });
    }

    static void addMapper(BenchContext context, String realm, String clientId, Map<String, Object> mapper)
            throws IOException {
        String uuid = clientUuid(context, realm, clientId);
        context.admin("POST", "/" + realm + "/clients/" + uuid + "/protocol-mappers/models", mapper);
    }

    private void addMapper(BenchContext context, String clientId, Map<String, Object> mapper) throws IOException {
        addMapper(context, realmName, clientId, mapper);
    }

    static String clientUuid(BenchContext context, String realm, String clientId) throws IOException {
        List<?> clients = Http.JSON.readValue(context.admin("GET", "/" + realm + "/clients?clientId=" + clientId, null)
                .body(), List.class);
        return (String) ((Map<?, ?>) clients.get(0)).get("id");
    }

    private String idOfUser(BenchContext context, String username) throws IOException {
        List<?> found = Http.JSON.readValue(context.admin("GET", "/" + realmName + "/users?exact=true&username="
                + username, null).body(), List.class);
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
        String value = response.statusCode() == 200 ? Http.JSON.readTree(response.body()).path(name).asText(null) : null;
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

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
 * A user in ONE tenant (A) against a user in N tenants (B, default 5,000; system property {@code bench.tenants}),
 * both logging in to (or refreshing in) one tenant with {@code scope=organization:t00000} and the "Active tenant"
 * mapper. Proves that building the claim never loads all of a user's tenants, and prints the token sizes (the access
 * token of B must be no bigger: only the active tenant is in it). The tenants are created with the realm, by one
 * realm import, because thousands of admin calls would take minutes.
 */
public final class ManyTenantsScenario implements Scenario {

    private final boolean refresh;
    private final String realmName;
    private final int tenants = Integer.getInteger("bench.tenants", 5000);

    public ManyTenantsScenario(boolean refresh) {
        this.refresh = refresh;
        this.realmName = refresh ? "bench-many-tenants-refresh" : "bench-many-tenants-login";
    }

    @Override
    public String name() {
        return refresh ? "many-tenants-refresh" : "many-tenants-login";
    }

    @Override
    public String description() {
        return (refresh ? "refresh grant" : "password grant") + " into tenant t00000 with oidc-tenant-mapper; "
                + "A: a user in 1 tenant, B: a user in " + tenants + " tenants";
    }

    @Override
    public Comparison setUp(BenchContext context) throws IOException, InterruptedException {
        context.removeRealm(realmName);
        List<Map<String, Object>> organizations = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            List<Map<String, Object>> members = new ArrayList<>();
            members.add(Map.of("username", "many", "membershipType", "UNMANAGED"));
            if (i == 0) {
                members.add(Map.of("username", "single", "membershipType", "UNMANAGED"));
            }
            Map<String, Object> organization = new LinkedHashMap<>();
            organization.put("alias", String.format("t%05d", i));
            organization.put("name", "Tenant " + i);
            organization.put("enabled", true);
            organization.put("domains", List.of(Map.of("name", String.format("t%05d.bench", i))));
            organization.put("members", members);
            organizations.add(organization);
        }
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", realmName);
        realm.put("enabled", true);
        realm.put("organizationsEnabled", true);
        realm.put("users", List.of(user("single"), user("many")));
        realm.put("clients", List.of(Map.of("clientId", "app", "publicClient", true, "directAccessGrantsEnabled", true,
                "protocolMappers", List.of(Map.of("name", "active tenant", "protocol", "openid-connect",
                        "protocolMapper", "oidc-tenant-mapper", "config", Map.of("claim.name", "tenant",
                                "access.token.claim", "true", "id.token.claim", "true"))))));
        realm.put("organizations", organizations);
        long start = System.nanoTime();
        Http.Response created = context.importRealm(realm);
        if (created.status() != 201) {
            throw new IllegalStateException("realm import answered " + created);
        }
        System.out.printf("  %s: imported %d tenants in %.1f s%n", name(), tenants, (System.nanoTime() - start) / 1e9);
        BenchRealm bench = context.realm(realmName);
        Configuration single = configuration(context, bench, "user in 1 tenant", "single");
        Configuration many = configuration(context, bench, "user in " + tenants + " tenants", "many");
        return new Comparison(single, many);
    }

    private static Map<String, Object> user(String username) {
        return Map.of("username", username, "email", username + "@bench.example", "enabled", true,
                "emailVerified", true, "firstName", username, "lastName", "Bench",
                "credentials", List.of(Map.of("type", "password", "value", BenchRealm.PASSWORD, "temporary", false)));
    }

    private Configuration configuration(BenchContext context, BenchRealm realm, String label, String username)
            throws IOException, InterruptedException {
        Map<String, String> login = Http.fields("grant_type", "password", "client_id", "app", "username", username,
                "password", BenchRealm.PASSWORD, "scope", "openid organization:t00000");
        HttpResponse<String> first = context.postForm(realm.tokenEndpoint(), login);
        String accessToken = TenantMapperScenario.field(first, "access_token");
        System.out.printf("  %s: %s: access token %d bytes, refresh token %d bytes%n", name(), label,
                accessToken.length(), TenantMapperScenario.field(first, "refresh_token").length());
        if (!refresh) {
            return new Configuration(label, worker -> context.postForm(realm.tokenEndpoint(), login));
        }
        String[] refreshTokens = new String[context.workers()];
        for (int worker = 0; worker < refreshTokens.length; worker++) {
            refreshTokens[worker] = TenantMapperScenario.field(context.postForm(realm.tokenEndpoint(), login),
                    "refresh_token");
        }
        return new Configuration(label, worker -> {
            HttpResponse<String> response = context.postForm(realm.tokenEndpoint(), Http.fields("grant_type",
                    "refresh_token", "client_id", "app", "refresh_token", refreshTokens[worker]));
            if (response.statusCode() == 200) {
                refreshTokens[worker] = TenantMapperScenario.field(response, "refresh_token");
            }
            return response;
        });
    }

    @Override
    public void tearDown(BenchContext context) {
        context.removeRealm(realmName);
    }
}

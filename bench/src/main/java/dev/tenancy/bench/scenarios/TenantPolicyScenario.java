package dev.tenancy.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a tenant policy costs a login (password grant) or a refresh: the same users and client, logging in to or
 * refreshing in a tenant without a policy (A, {@code plain}) or with one (B, {@code strict}: MFA for admins, which
 * is evaluated for every token but not triggered since no user is an admin; password rules; session idle and absolute
 * limits; verified email required; allowed email domains). Both tenants are in one realm whose password policy
 * includes "Tenant password rules"; each user is a member of both. setUp checks that B's policy is enforced: its
 * refresh token expires within the tenant's idle limit, A's within the realm's.
 */
public final class TenantPolicyScenario implements Scenario {

    private static final String CLIENT = "app";
    private static final int TENANT_IDLE_SECONDS = 1200;

    private final boolean refresh;
    private final String realmName;

    public TenantPolicyScenario(boolean refresh) {
        this.refresh = refresh;
        this.realmName = refresh ? "bench-tenant-policy-refresh" : "bench-tenant-policy-login";
    }

    @Override
    public String name() {
        return refresh ? "tenant-policy-refresh" : "tenant-policy-login";
    }

    @Override
    public String description() {
        return (refresh ? "refresh grant" : "password grant") + " into a tenant with oidc-tenant-mapper; A: tenant "
                + "without a policy, B: tenant with a policy (MFA for admins, not triggered; password rules; session "
                + "limits; verified email; email domains); one user per worker, member of both";
    }

    @Override
    public Comparison setUp(BenchContext context) throws IOException, InterruptedException {
        BenchRealm realm = context.createRealm(realmName);
        realm.update(Map.of(
                "organizationsEnabled",
                true,
                "passwordPolicy",
                "length(8) and tenancy-tenant-password-policy",
                "ssoSessionIdleTimeout",
                1800,
                "ssoSessionMaxLifespan",
                36000));
        realm.createPublicClient(CLIENT, List.of(BenchRealm.activeTenantMapper()));
        Map<String, List<String>> policy = new LinkedHashMap<>();
        policy.put("tenancy.policy.mfa", List.of("admins"));
        policy.put("tenancy.policy.mfa.methods", List.of("otp", "webauthn"));
        policy.put("tenancy.policy.password.min-length", List.of("12"));
        policy.put("tenancy.policy.password.digits", List.of("1"));
        policy.put("tenancy.policy.password.history", List.of("3"));
        policy.put("tenancy.policy.session.idle-seconds", List.of(String.valueOf(TENANT_IDLE_SECONDS)));
        policy.put("tenancy.policy.session.max-seconds", List.of("28800"));
        policy.put("tenancy.policy.email.verified-required", List.of("true"));
        policy.put("tenancy.policy.email.allowed-domains", List.of("bench.example"));
        String plain = realm.createOrganization("plain", "Plain", Map.of());
        String strict = realm.createOrganization("strict", "Strict", policy);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < context.workers(); i++) {
            String username = "user-" + i;
            String userId = realm.createUserWithId(username);
            realm.addMember(plain, userId);
            realm.addMember(strict, userId);
            users.add(username);
        }
        long plainRefreshSeconds = refreshTokenSeconds(context, realm, users.get(0), "plain");
        long strictRefreshSeconds = refreshTokenSeconds(context, realm, users.get(0), "strict");
        if (strictRefreshSeconds > TENANT_IDLE_SECONDS || plainRefreshSeconds <= TENANT_IDLE_SECONDS) {
            throw new IllegalStateException("the tenant policy is not enforced: refresh tokens live "
                    + plainRefreshSeconds + " s (plain) and " + strictRefreshSeconds + " s (strict)");
        }
        System.out.printf(
                Locale.ROOT,
                "  refresh token lifetime: %d s in plain, %d s in strict (policy enforced)%n",
                plainRefreshSeconds,
                strictRefreshSeconds);
        return new Comparison(
                configuration(context, realm, "tenant without policy", "plain", users),
                configuration(context, realm, "tenant with policy", "strict", users));
    }

    private static Map<String, String> login(String username, String tenant) {
        return Http.fields(
                "grant_type",
                "password",
                "client_id",
                CLIENT,
                "username",
                username,
                "password",
                BenchRealm.PASSWORD,
                "scope",
                "openid organization:" + tenant);
    }

    private static long refreshTokenSeconds(BenchContext context, BenchRealm realm, String username, String tenant)
            throws IOException, InterruptedException {
        HttpResponse<String> response = context.postForm(realm.tokenEndpoint(), login(username, tenant));
        JsonNode access = BenchRealm.unverifiedClaims(BenchRealm.field(response, "access_token"));
        if (!tenant.equals(access.path("tenant").path("alias").asText(null))) {
            throw new IllegalStateException("login into " + tenant + " gave the tenant " + access.path("tenant"));
        }
        JsonNode refreshClaims = BenchRealm.unverifiedClaims(BenchRealm.field(response, "refresh_token"));
        return refreshClaims.path("exp").asLong() - refreshClaims.path("iat").asLong();
    }

    private Configuration configuration(
            BenchContext context, BenchRealm realm, String label, String tenant, List<String> users)
            throws IOException, InterruptedException {
        if (!refresh) {
            return new Configuration(
                    label, worker -> context.postForm(realm.tokenEndpoint(), login(users.get(worker), tenant)));
        }
        // slot i is only read and written by worker i, one request at a time
        String[] refreshTokens = new String[users.size()];
        for (int worker = 0; worker < users.size(); worker++) {
            refreshTokens[worker] = BenchRealm.field(
                    context.postForm(realm.tokenEndpoint(), login(users.get(worker), tenant)), "refresh_token");
        }
        return new Configuration(label, worker -> {
            HttpResponse<String> response = context.postForm(
                    realm.tokenEndpoint(),
                    Http.fields(
                            "grant_type",
                            "refresh_token",
                            "client_id",
                            CLIENT,
                            "refresh_token",
                            refreshTokens[worker]));
            if (response.statusCode() == 200) {
                refreshTokens[worker] = BenchRealm.field(response, "refresh_token");
            }
            return response;
        });
    }

    @Override
    public void tearDown(BenchContext context) {
        context.removeRealm(realmName);
    }
}

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
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A user in many tenants (B) against a user in one (A), each logging in to, refreshing in, or switching between
 * tenants, with the "Active tenant" mapper. Proves that a token's tenant never costs in proportion to the user's
 * tenants (membership lookups must not load all of them), and prints the token sizes (B's access token must be no
 * bigger: only the active tenant is in it).
 *
 * <ul>
 *   <li>{@link Operation#LOGIN}: password grant with {@code scope=openid organization:t00000};</li>
 *   <li>{@link Operation#REFRESH}: refresh grant of a chain in t00000, rotating to each new refresh token;</li>
 *   <li>{@link Operation#SWITCH}: refresh grant with {@code tenant=t00001}, then {@code tenant=t00000}, and so on;
 *       A is then the user in 2 tenants (a user in 1 has nowhere to switch to).</li>
 * </ul>
 * All configurations share the realm of {@link ManyTenantsRealm}, seeded once per run. One user per configuration,
 * shared by the workers; each worker holds its own login (chain).
 */
public final class ManyTenantsScenario implements Scenario {

    /** The tenants of the "many" user: {@code -Dbench.tenants=N}, default 5,000. */
    public static final int MANY = Integer.getInteger("bench.tenants", 5000);

    /** How long the first (cold) login of a configuration's user may take. */
    private static final Duration FIRST_LOGIN_TIMEOUT = Duration.ofMinutes(5);

    /** What each request does. */
    public enum Operation {
        LOGIN,
        REFRESH,
        SWITCH
    }

    private final String name;
    private final int tenants;
    private final Operation operation;
    private final boolean withoutProfileScope;

    /**
     * @param prefix  the scenario name without the operation ({@code tenants-100}, {@code many-tenants})
     * @param tenants the tenants of B's user
     */
    public ManyTenantsScenario(String prefix, int tenants, Operation operation) {
        this(prefix, tenants, operation, false);
    }

    /**
     * @param withoutProfileScope whether the client goes without Keycloak's {@code profile} scope (see
     *                            {@link ManyTenantsRealm#CLIENT_WITHOUT_PROFILE})
     */
    public ManyTenantsScenario(String prefix, int tenants, Operation operation, boolean withoutProfileScope) {
        this.name = prefix + "-" + operation.name().toLowerCase(Locale.ROOT);
        this.tenants = tenants;
        this.operation = operation;
        this.withoutProfileScope = withoutProfileScope;
    }

    private String client() {
        return withoutProfileScope ? ManyTenantsRealm.CLIENT_WITHOUT_PROFILE : ManyTenantsRealm.CLIENT;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String what =
                switch (operation) {
                    case LOGIN -> "password grant into tenant t00000";
                    case REFRESH -> "refresh grant in tenant t00000";
                    case SWITCH -> "refresh grant switching tenant=t00001 / t00000 in turn";
                };
        return what + " with oidc-tenant-mapper" + (withoutProfileScope ? ", client without the profile scope" : "")
                + "; A: a user in " + baselineTenants() + " tenant"
                + (baselineTenants() == 1 ? "" : "s") + ", B: a user in " + tenants + " tenants";
    }

    private int baselineTenants() {
        return operation == Operation.SWITCH ? 2 : 1;
    }

    @Override
    public Comparison setUp(BenchContext context) throws Exception {
        if (tenants < 2) {
            throw new IllegalArgumentException("bench.tenants must be at least 2, not " + tenants);
        }
        ManyTenantsRealm seeded = ManyTenantsRealm.of(context, Math.max(tenants, MANY));
        return new Comparison(
                configuration(context, seeded.realm(), baselineTenants()),
                configuration(context, seeded.realm(), tenants));
    }

    private Configuration configuration(BenchContext context, BenchRealm realm, int userTenants)
            throws IOException, InterruptedException {
        String username = ManyTenantsRealm.userIn(userTenants);
        String label = "user in " + userTenants + " tenant" + (userTenants == 1 ? "" : "s");
        Map<String, String> login = Http.fields(
                "grant_type",
                "password",
                "client_id",
                client(),
                "username",
                username,
                "password",
                BenchRealm.PASSWORD,
                "scope",
                "openid organization:" + ManyTenantsRealm.alias(0));
        // The user's first token request is cold: Keycloak loads each of the user's groups (organization groups
        // too) into its realm cache, by one query each, when a mapper or the role resolution walks them. Measured
        // here, not in the rounds.
        long firstStart = System.nanoTime();
        HttpResponse<String> first;
        try {
            first = context.postForm(realm.tokenEndpoint(), login, FIRST_LOGIN_TIMEOUT);
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException(
                    "the first login of " + username + " did not answer within " + FIRST_LOGIN_TIMEOUT.toSeconds()
                            + " s; see the README, Performance and reliability",
                    e);
        }
        System.out.printf(Locale.ROOT, "  %s: first login %.1f s%n", label, (System.nanoTime() - firstStart) / 1e9);
        String accessToken = BenchRealm.field(first, "access_token");
        expectTenant(accessToken, ManyTenantsRealm.alias(0), label + " login");
        System.out.printf(
                Locale.ROOT,
                "  %s: access token %d bytes, refresh token %d bytes%n",
                label,
                accessToken.length(),
                BenchRealm.field(first, "refresh_token").length());
        if (operation == Operation.LOGIN) {
            return new Configuration(label, worker -> context.postForm(realm.tokenEndpoint(), login));
        }
        // slot i is only read and written by worker i, one request at a time
        String[] refreshTokens = new String[context.workers()];
        boolean[] inFirstTenant = new boolean[context.workers()];
        for (int worker = 0; worker < refreshTokens.length; worker++) {
            refreshTokens[worker] = BenchRealm.field(context.postForm(realm.tokenEndpoint(), login), "refresh_token");
            inFirstTenant[worker] = true;
        }
        if (operation == Operation.SWITCH) {
            // one switch and back outside the measurement: the fixture works, and the tokens say so
            for (int step = 0; step < 2; step++) {
                HttpResponse<String> switched = refresh(context, realm, refreshTokens, inFirstTenant, 0);
                expectTenant(
                        BenchRealm.field(switched, "access_token"),
                        ManyTenantsRealm.alias(step == 0 ? 1 : 0),
                        label + " switch");
            }
        }
        return new Configuration(label, worker -> refresh(context, realm, refreshTokens, inFirstTenant, worker));
    }

    private HttpResponse<String> refresh(
            BenchContext context, BenchRealm realm, String[] refreshTokens, boolean[] inFirstTenant, int worker)
            throws IOException, InterruptedException {
        Map<String, String> fields = Http.fields(
                "grant_type", "refresh_token", "client_id", client(), "refresh_token", refreshTokens[worker]);
        if (operation == Operation.SWITCH) {
            fields.put("tenant", ManyTenantsRealm.alias(inFirstTenant[worker] ? 1 : 0));
        }
        HttpResponse<String> response = context.postForm(realm.tokenEndpoint(), fields);
        if (response.statusCode() == 200) {
            refreshTokens[worker] = BenchRealm.field(response, "refresh_token");
            if (operation == Operation.SWITCH) {
                inFirstTenant[worker] = !inFirstTenant[worker];
            }
        }
        return response;
    }

    private static void expectTenant(String accessToken, String alias, String what) throws IOException {
        JsonNode tenant = BenchRealm.unverifiedClaims(accessToken).path("tenant");
        if (!alias.equals(tenant.path("alias").asText(null))) {
            throw new IllegalStateException(what + ": expected the access token's tenant " + alias + ", got " + tenant);
        }
    }

    @Override
    public void tearDown(BenchContext context) {
        // the realm is shared by the many-tenants scenarios of this run and removed when the run ends
    }
}

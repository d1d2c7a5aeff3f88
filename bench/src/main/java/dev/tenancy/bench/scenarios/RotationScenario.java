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
 * Refresh-token rotation: ours against Keycloak's own, refresh grants of a client that follows rotation (each
 * refresh presents the token of the previous answer). A: stock rotation, the realm's {@code revokeRefreshToken=true}
 * with {@code refreshTokenMaxReuse=0}, in realm {@code bench-rotation-stock}; B: the client-policy executor
 * {@code tenancy-refresh-rotation} (grace 0 or 5 s, replay revokes the client session) on a realm with Keycloak's
 * rotation off, {@code bench-rotation-tenancy}. Realm settings are realm-wide, hence two realms on one server. One
 * user and one login per worker and configuration; no tenants.
 */
public final class RotationScenario implements Scenario {

    private static final String STOCK_REALM = "bench-rotation-stock";
    private static final String TENANCY_REALM = "bench-rotation-tenancy";
    private static final String CLIENT = "spa";

    private final int graceSeconds;

    public RotationScenario(int graceSeconds) {
        this.graceSeconds = graceSeconds;
    }

    @Override
    public String name() {
        return "rotation-grace" + graceSeconds;
    }

    @Override
    public String description() {
        return "refresh grant with rotation, one login per worker; A: stock rotation (realm revokeRefreshToken=true, "
                + "refreshTokenMaxReuse=0), B: tenancy-refresh-rotation executor, grace " + graceSeconds + " s";
    }

    @Override
    public Comparison setUp(BenchContext context) throws IOException, InterruptedException {
        BenchRealm stock = context.createRealm(STOCK_REALM);
        stock.update(Map.of("revokeRefreshToken", true, "refreshTokenMaxReuse", 0));
        BenchRealm tenancy = context.createRealm(TENANCY_REALM);
        BenchRealm.expect(
                204,
                "PUT client profiles",
                tenancy.admin(
                        "PUT",
                        "/client-policies/profiles",
                        Map.of(
                                "profiles",
                                List.of(Map.of(
                                        "name",
                                        "bench-rotation",
                                        "executors",
                                        List.of(Map.of(
                                                "executor",
                                                "tenancy-refresh-rotation",
                                                "configuration",
                                                Map.of(
                                                        "rotation",
                                                        true,
                                                        "graceSeconds",
                                                        graceSeconds,
                                                        "replayRevokes",
                                                        "client-session",
                                                        "familyMaxLifespanSeconds",
                                                        0))))))));
        BenchRealm.expect(
                204,
                "PUT client policies",
                tenancy.admin(
                        "PUT",
                        "/client-policies/policies",
                        Map.of(
                                "policies",
                                List.of(Map.of(
                                        "name",
                                        "bench-rotate-public-clients",
                                        "enabled",
                                        true,
                                        "conditions",
                                        List.of(Map.of(
                                                "condition",
                                                "client-access-type",
                                                "configuration",
                                                Map.of("type", List.of("public")))),
                                        "profiles",
                                        List.of("bench-rotation"))))));
        Configuration a = rotating(context, stock, "stock rotation");
        Configuration b = rotating(context, tenancy, "tenancy rotation, grace " + graceSeconds);
        expectRotation(context, stock, "stock");
        expectRotation(context, tenancy, "tenancy");
        return new Comparison(a, b);
    }

    private static Configuration rotating(BenchContext context, BenchRealm realm, String label)
            throws IOException, InterruptedException {
        realm.createPublicClient(CLIENT);
        List<String> users = realm.createUsers(context.workers());
        // slot i is only read and written by worker i, one request at a time
        String[] refreshTokens = new String[users.size()];
        for (int worker = 0; worker < users.size(); worker++) {
            refreshTokens[worker] = BenchRealm.field(login(context, realm, users.get(worker)), "refresh_token");
        }
        return new Configuration(label, worker -> {
            HttpResponse<String> response = refresh(context, realm, refreshTokens[worker]);
            if (response.statusCode() == 200) {
                refreshTokens[worker] = BenchRealm.field(response, "refresh_token");
            }
            return response;
        });
    }

    /**
     * Outside the measurement, with a login of its own: a refresh token, once used, is refused the second time after
     * the grace window, so the configuration really rotates (a bench of a realm where rotation silently stayed off
     * would compare nothing).
     */
    private void expectRotation(BenchContext context, BenchRealm realm, String which)
            throws IOException, InterruptedException {
        String username = realm.createUser("rotation-check");
        String first = BenchRealm.field(login(context, realm, username), "refresh_token");
        BenchRealm.field(refresh(context, realm, first), "refresh_token");
        if (graceSeconds > 0 && realm.name().equals(TENANCY_REALM)) {
            Thread.sleep(graceSeconds * 1000L + 1200);
        } else {
            Thread.sleep(1200); // the executor's in-flight second (see refresh-policy/README.md)
        }
        HttpResponse<String> reused = refresh(context, realm, first);
        if (reused.statusCode() != 400) {
            throw new IllegalStateException(which + " rotation is not on: a spent refresh token answered HTTP "
                    + reused.statusCode() + " " + reused.body());
        }
    }

    private static HttpResponse<String> login(BenchContext context, BenchRealm realm, String username)
            throws IOException, InterruptedException {
        return context.postForm(
                realm.tokenEndpoint(),
                Http.fields(
                        "grant_type",
                        "password",
                        "client_id",
                        CLIENT,
                        "username",
                        username,
                        "password",
                        BenchRealm.PASSWORD,
                        "scope",
                        "openid"));
    }

    private static HttpResponse<String> refresh(BenchContext context, BenchRealm realm, String refreshToken)
            throws IOException, InterruptedException {
        return context.postForm(
                realm.tokenEndpoint(),
                Http.fields("grant_type", "refresh_token", "client_id", CLIENT, "refresh_token", refreshToken));
    }

    @Override
    public void tearDown(BenchContext context) {
        context.removeRealm(STOCK_REALM);
        context.removeRealm(TENANCY_REALM);
    }
}

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

/**
 * Refresh-token grants: the hot path of a logged-in application, and the one the pack's RefreshTokenProvider sits
 * on. Each worker holds one login per configuration and refreshes it over and over, always with the refresh token
 * of the previous answer, as a client that follows rotation does. Stock against stock: the ratio must be near 1.0.
 */
public final class RefreshGrantScenario implements Scenario {

    private static final String REALM = "bench-refresh-grant";

    @Override
    public String name() {
        return "refresh-grant";
    }

    @Override
    public String description() {
        return "refresh grant, one login per worker, rotating to each new refresh token; A and B are two identical "
                + "stock public clients";
    }

    @Override
    public Comparison setUp(BenchContext context) throws IOException, InterruptedException {
        BenchRealm realm = context.createRealm(REALM);
        List<String> users = realm.createUsers(context.workers());
        return new Comparison(
                refresh(context, realm, realm.createPublicClient("client-a"), users),
                refresh(context, realm, realm.createPublicClient("client-b"), users));
    }

    private static Configuration refresh(BenchContext context, BenchRealm realm, String clientId, List<String> users)
            throws IOException, InterruptedException {
        // slot i is only read and written by worker i, one request at a time; the executor's hand-off between runs
        // makes the last write visible to whichever pool thread runs worker i next
        String[] refreshTokens = new String[users.size()];
        for (int worker = 0; worker < users.size(); worker++) {
            HttpResponse<String> login = context.postForm(
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
                            "openid"));
            refreshTokens[worker] = refreshTokenOf(login, "login of " + users.get(worker) + " at " + clientId);
        }
        return new Configuration("stock " + clientId, worker -> {
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
                refreshTokens[worker] = refreshTokenOf(response, "refresh at " + clientId);
            }
            return response;
        });
    }

    private static String refreshTokenOf(HttpResponse<String> response, String what) throws IOException {
        String token = response.statusCode() == 200
                ? Http.JSON.readTree(response.body()).path("refresh_token").asText(null)
                : null;
        if (token == null) {
            throw new IllegalStateException(
                    what + " gave no refresh token: HTTP " + response.statusCode() + " " + response.body());
        }
        return token;
    }

    @Override
    public void tearDown(BenchContext context) {
        context.removeRealm(REALM);
    }
}

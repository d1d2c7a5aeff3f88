package dev.tenancy.bench.scenarios;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.Http;
import java.util.List;

/**
 * Logins by the resource-owner password grant: the password hash and a new user session dominate. Stock against
 * stock (two identical clients), so the B/A ratio measures the method itself and must come out near 1.0.
 */
public final class PasswordGrantScenario implements Scenario {

    private static final String REALM = "bench-password-grant";

    @Override
    public String name() {
        return "password-grant";
    }

    @Override
    public String description() {
        return "password grant (scope openid), one user per worker; A and B are two identical stock public clients";
    }

    @Override
    public Comparison setUp(BenchContext context) {
        BenchRealm realm = context.createRealm(REALM);
        List<String> users = realm.createUsers(context.workers());
        return new Comparison(
                login(context, realm, realm.createPublicClient("client-a"), users),
                login(context, realm, realm.createPublicClient("client-b"), users));
    }

    private static Configuration login(BenchContext context, BenchRealm realm, String clientId, List<String> users) {
        return new Configuration(
                "stock " + clientId,
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
                                "openid")));
    }

    @Override
    public void tearDown(BenchContext context) {
        context.removeRealm(REALM);
    }
}

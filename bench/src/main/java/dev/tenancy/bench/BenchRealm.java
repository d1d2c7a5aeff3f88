package dev.tenancy.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.tenancy.testsupport.Http;

/** A realm a scenario created, with the few admin fixtures scenarios need (plain admin REST, like TestRealm's). */
public final class BenchRealm {

    public static final String PASSWORD = "Bench-Passw0rd!";

    private final BenchContext context;
    private final String name;

    BenchRealm(BenchContext context, String name) {
        this.context = context;
        this.name = name;
    }

    /** {@code http://host:port/realms/NAME}: also the token issuer. */
    public String url() {
        return context.baseUrl() + "/realms/" + name;
    }

    public String tokenEndpoint() {
        return url() + "/protocol/openid-connect/token";
    }

    /** An enabled user with a verified email and the password {@link #PASSWORD}; returns the username. */
    public String createUser(String username) {
        create("/users", Map.of("username", username, "email", username + "@bench.example", "enabled", true,
                "emailVerified", true, "firstName", username, "lastName", "Bench",
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        return username;
    }

    /** {@code count} users made by {@link #createUser}, named user-0, user-1, ...; returns their usernames. */
    public List<String> createUsers(int count) {
        return IntStream.range(0, count).mapToObj(i -> createUser("user-" + i)).toList();
    }

    /** A public client with direct access grants (password grant, refresh grant); returns the clientId. */
    public String createPublicClient(String clientId) {
        create("/clients", Map.of("clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true,
                "standardFlowEnabled", true, "redirectUris", List.of("http://localhost/*")));
        return clientId;
    }

    private void create(String path, Object body) {
        expect(201, "POST " + path + " in realm " + name, context.admin("POST", "/" + name + path, body));
    }

    static void expect(int status, String call, Http.Response response) {
        if (response.status() != status) {
            throw new IllegalStateException(call + " answered " + response + " instead of HTTP " + status);
        }
    }
}

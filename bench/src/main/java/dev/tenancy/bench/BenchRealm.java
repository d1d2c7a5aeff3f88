package dev.tenancy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** A realm a scenario created, with the few admin fixtures scenarios need (plain admin REST, like TestRealm's). */
public final class BenchRealm {

    public static final String PASSWORD = "Bench-Passw0rd!";

    private final BenchContext context;
    private final String name;

    BenchRealm(BenchContext context, String name) {
        this.context = context;
        this.name = name;
    }

    public String name() {
        return name;
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
        createUserWithId(username);
        return username;
    }

    /** As {@link #createUser}, returning the new user's id. */
    public String createUserWithId(String username) {
        return create(
                "/users",
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@bench.example",
                        "enabled",
                        true,
                        "emailVerified",
                        true,
                        "firstName",
                        username,
                        "lastName",
                        "Bench",
                        "credentials",
                        List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
    }

    /** {@code count} users made by {@link #createUser}, named user-0, user-1, ...; returns their usernames. */
    public List<String> createUsers(int count) {
        return IntStream.range(0, count).mapToObj(i -> createUser("user-" + i)).toList();
    }

    /** A public client with direct access grants (password grant, refresh grant); returns the clientId. */
    public String createPublicClient(String clientId) {
        return createPublicClient(clientId, List.of());
    }

    /** As {@link #createPublicClient(String)}, with protocol mappers of its own (client representation's list). */
    public String createPublicClient(String clientId, List<Map<String, Object>> protocolMappers) {
        Map<String, Object> client = new LinkedHashMap<>(Map.of(
                "clientId",
                clientId,
                "publicClient",
                true,
                "directAccessGrantsEnabled",
                true,
                "standardFlowEnabled",
                true,
                "redirectUris",
                List.of("http://localhost/*")));
        if (!protocolMappers.isEmpty()) {
            client.put("protocolMappers", protocolMappers);
        }
        create("/clients", client);
        return clientId;
    }

    /** Takes a default client scope (by name) off a client (by clientId). */
    public void removeDefaultClientScope(String clientId, String scopeName) throws IOException {
        expect(
                204,
                "DELETE default scope " + scopeName + " of " + clientId,
                admin("DELETE", defaultClientScopePath(clientId, scopeName), null));
    }

    /** Adds a client scope (by name) to a client's (by clientId) default scopes. */
    public void addDefaultClientScope(String clientId, String scopeName) throws IOException {
        expect(
                204,
                "PUT default scope " + scopeName + " of " + clientId,
                admin("PUT", defaultClientScopePath(clientId, scopeName), null));
    }

    /** Lets the client's tokens call the tenant API: its default scopes get the pack's {@code tenancy-admin}. */
    public void allowTenantApi(String clientId) throws IOException {
        addDefaultClientScope(clientId, "tenancy-admin");
    }

    private String defaultClientScopePath(String clientId, String scopeName) throws IOException {
        String clientUuid = Http.JSON
                .readTree(admin("GET", "/clients?clientId=" + clientId, null).body())
                .path(0)
                .path("id")
                .asText();
        String scopeId = null;
        for (JsonNode scope :
                Http.JSON.readTree(admin("GET", "/client-scopes", null).body())) {
            if (scopeName.equals(scope.path("name").asText())) {
                scopeId = scope.path("id").asText();
            }
        }
        if (clientUuid.isEmpty() || scopeId == null) {
            throw new IllegalStateException(
                    "no client " + clientId + " or no client scope " + scopeName + " in " + name);
        }
        return "/clients/" + clientUuid + "/default-client-scopes/" + scopeId;
    }

    /** The "Active tenant" mapper (claim {@code tenant}) in access and ID token, with its default options. */
    public static Map<String, Object> activeTenantMapper() {
        return Map.of(
                "name",
                "active tenant",
                "protocol",
                "openid-connect",
                "protocolMapper",
                "oidc-tenant-mapper",
                "config",
                Map.of("claim.name", "tenant", "access.token.claim", "true", "id.token.claim", "true"));
    }

    /** Changes realm settings ({@code PUT /admin/realms/NAME} with only the given fields). */
    public void update(Map<String, Object> settings) {
        Map<String, Object> body = new LinkedHashMap<>(settings);
        body.put("realm", name);
        expect(204, "PUT realm " + name, context.admin("PUT", "/" + name, body));
    }

    /** An organization (tenant) with the given attributes; returns its id. */
    public String createOrganization(String alias, String displayName, Map<String, List<String>> attributes) {
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("alias", alias);
        organization.put("name", displayName);
        organization.put("enabled", true);
        if (!attributes.isEmpty()) {
            organization.put("attributes", attributes);
        }
        return create("/organizations", organization);
    }

    /** Makes the user an (unmanaged) member of the organization. */
    public void addMember(String organizationId, String userId) {
        expect(
                201,
                "POST organization member in realm " + name,
                context.admin("POST", "/" + name + "/organizations/" + organizationId + "/members", userId));
    }

    /** An admin call under this realm ({@code /admin/realms/NAME + path}). */
    public Http.Response admin(String method, String path, Object body) {
        return context.admin(method, "/" + name + path, body);
    }

    /** POSTs and returns the id of what was created (the last segment of the Location header). */
    public String create(String path, Object body) {
        Http.Response created = context.admin("POST", "/" + name + path, body);
        expect(201, "POST " + path + " in realm " + name, created);
        String location = created.header("Location");
        return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
    }

    /** A field of a 200 token response; fails with the answer when it is missing (a fixture that did not work). */
    public static String field(HttpResponse<String> response, String field) throws IOException {
        String value = response.statusCode() == 200
                ? Http.JSON.readTree(response.body()).path(field).asText(null)
                : null;
        if (value == null) {
            throw new IllegalStateException("no " + field + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return value;
    }

    /**
     * The claims of a JWT, decoded WITHOUT verifying the signature: only for the bench's sanity checks of its own
     * fixtures (is the tenant claim there?), never for a decision.
     */
    public static JsonNode unverifiedClaims(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** An access token of a password grant of {@code username} (password {@link #PASSWORD}) at client {@code clientId}. */
    public String passwordToken(String clientId, String username, String scope)
            throws IOException, InterruptedException {
        return field(
                context.postForm(
                        tokenEndpoint(),
                        Http.fields(
                                "grant_type",
                                "password",
                                "client_id",
                                clientId,
                                "username",
                                username,
                                "password",
                                PASSWORD,
                                "scope",
                                scope)),
                "access_token");
    }

    /** The id of the client {@code clientId}. */
    public String clientUuid(String clientId) {
        List<Object> clients =
                admin("GET", "/clients?clientId=" + clientId, null).jsonList();
        return String.valueOf(((Map<?, ?>) clients.get(0)).get("id"));
    }

    /** The id of the user {@code username}. */
    public String userId(String username) {
        List<Object> users =
                admin("GET", "/users?exact=true&username=" + username, null).jsonList();
        return String.valueOf(((Map<?, ?>) users.get(0)).get("id"));
    }

    /**
     * The fixture of the tenant API scenarios: a realm admin {@code realmAdmin} (realm-management realm-admin), a user
     * {@code tenantAdmin}, and the tenant {@code alias} created by the realm admin through {@code POST /tenants} with
     * {@code tenantAdmin} in its admins group; the clients {@code app} (which must exist) and {@code admin-cli} get the
     * scope {@code tenancy-admin}. Returns the tenant's organization id.
     */
    public String createTenantThroughApi(String alias, String displayName, String realmAdmin, String tenantAdmin)
            throws IOException, InterruptedException {
        allowTenantApi("app");
        allowTenantApi("admin-cli");
        createUser(realmAdmin);
        String realmManagement = clientUuid("realm-management");
        Map<String, Object> realmAdminRole = admin("GET", "/clients/" + realmManagement + "/roles/realm-admin", null)
                .json();
        expect(
                204,
                "realm-admin role",
                admin(
                        "POST",
                        "/users/" + userId(realmAdmin) + "/role-mappings/clients/" + realmManagement,
                        List.of(realmAdminRole)));
        createUser(tenantAdmin);
        Http.Response tenant = Http.json(
                "POST",
                url() + "/tenants",
                Map.of("alias", alias, "name", displayName, "adminUserId", userId(tenantAdmin)),
                Http.bearer(passwordToken("admin-cli", realmAdmin, "openid")));
        expect(201, "POST /tenants", tenant);
        return tenant.string("id");
    }

    /** Fails with the call and its answer unless the answer has the expected status. */
    public static void expect(int status, String call, Http.Response response) {
        if (response.status() != status) {
            throw new IllegalStateException(call + " answered " + response + " instead of HTTP " + status);
        }
    }
}

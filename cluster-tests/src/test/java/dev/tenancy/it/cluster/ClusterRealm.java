package dev.tenancy.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakCluster;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;

/**
 * One test realm of the cluster, addressed through a chosen node: the app clients (active-tenant mapper, refresh
 * rotation without and with a grace window), a realm admin for the tenant API, and plain HTTP calls to the token
 * endpoint and the tenant API of node {@code i}. Every call names its node, so a test reads as "on A ..., on B ...".
 */
final class ClusterRealm {

    static final int A = 0;
    static final int B = 1;
    /** Rotation with reuse detection, grace 0: a spent token is refused. */
    static final String APP = "cluster-app";
    /** Rotation with a 5 s grace window for the immediately previous token. */
    static final String GRACE_APP = "cluster-app-grace";

    static final String REALM_ADMIN = "root";

    final KeycloakCluster cluster;
    final String name;

    private ClusterRealm(KeycloakCluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    /** Sets the realm up once per test class, through node A. */
    static ClusterRealm setUp(KeycloakCluster cluster, TestRealm realm) {
        realm.adminOk(
                "PUT",
                "/events/config",
                Map.of(
                        "eventsEnabled",
                        true,
                        "adminEventsEnabled",
                        true,
                        "enabledEventTypes",
                        List.of("LOGIN", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR")));
        for (Map.Entry<String, String> client :
                Map.of(APP, "no-grace", GRACE_APP, "grace").entrySet()) {
            String uuid = realm.adminCreate(
                    "/clients",
                    Map.of(
                            "clientId",
                            client.getKey(),
                            "publicClient",
                            true,
                            "directAccessGrantsEnabled",
                            true,
                            "standardFlowEnabled",
                            true,
                            "redirectUris",
                            List.of("http://localhost/*"),
                            "attributes",
                            Map.of("tenancy.refresh.policy", client.getValue())));
            realm.addActiveTenantMapper(uuid);
            realm.allowTenantApi(uuid);
        }
        realm.installRefreshRotationPolicies(
                Map.of("no-grace", Map.of("graceSeconds", 0), "grace", Map.of("graceSeconds", 5)));
        String root = realm.createUser(REALM_ADMIN, REALM_ADMIN + "@realm.test");
        String realmManagement =
                String.valueOf(((Map<?, ?>) realm.adminCall("GET", "/clients?clientId=realm-management", null)
                                .jsonList()
                                .get(0))
                        .get("id"));
        Map<String, Object> manageRealm = realm.adminCall(
                        "GET", "/clients/" + realmManagement + "/roles/manage-realm", null)
                .json();
        realm.adminOk("POST", "/users/" + root + "/role-mappings/clients/" + realmManagement, List.of(manageRealm));
        return new ClusterRealm(cluster, realm.name());
    }

    /** This realm through node {@code node}. */
    TestRealm on(int node) {
        return cluster.realm(node, name);
    }

    /** The issuer of the realm's tokens (the cluster's one frontend URL), which also serves its JWKS. */
    String issuer() {
        return on(A).issuer();
    }

    /** Creates a tenant through node {@code node} as the realm admin: groups {@code admins} and {@code members}. */
    String createTenant(int node, String alias, String adminUserId) {
        Http.Response created = api(
                node,
                "POST",
                "",
                Map.of("alias", alias, "name", alias + " Inc.", "adminUserId", adminUserId),
                token(node, REALM_ADMIN, null));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.string("id");
    }

    Http.Response login(int node, String clientId, String username, String scope) {
        return on(node).passwordGrant(clientId, username, scope);
    }

    Http.Response loginOk(int node, String clientId, String username, String scope) {
        Http.Response response = login(node, clientId, username, scope);
        assertThat(response.status())
                .as("login on node " + node + ": " + response)
                .isEqualTo(200);
        return response;
    }

    Http.Response refresh(int node, String clientId, String refreshToken, String... extraFields) {
        return on(node).refreshGrant(clientId, refreshToken, extraFields);
    }

    Http.Response refreshOk(int node, String clientId, String refreshToken, String... extraFields) {
        Http.Response response = refresh(node, clientId, refreshToken, extraFields);
        assertThat(response.status())
                .as("refresh on node " + node + ": " + response)
                .isEqualTo(200);
        return response;
    }

    /** An access token of {@link #APP} acting in {@code alias} (tenant-less when null), from node {@code node}. */
    String token(int node, String username, String alias) {
        return loginOk(node, APP, username, alias == null ? "openid" : "openid organization:" + alias)
                .string("access_token");
    }

    /** A call to the tenant API of node {@code node}: {@code /realms/{realm}/tenants{path}}. */
    Http.Response api(int node, String method, String path, Object body, String accessToken) {
        return Http.json(
                method,
                on(node).url() + "/tenants" + path,
                body,
                accessToken == null ? Map.of() : Http.bearer(accessToken));
    }

    /** Verifies an access token as a resource server would (JWKS of the issuer, issuer, expiry) and returns its claims. */
    Map<String, Object> verify(String accessToken) {
        return Jwks.verify(issuer(), accessToken);
    }

    /** No node logged an error or a stack trace from our code (a crash of a peer is no reason for one). */
    void assertNoErrorsFromOurCode() {
        for (int i = 0; i < cluster.size(); i++) {
            java.nio.file.Path log = cluster.logFile(i);
            try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(log)) {
                assertThat(lines.filter(l -> l.contains("\tat dev.tenancy.") || l.contains("ERROR [dev.tenancy.")))
                        .as("errors from dev.tenancy in " + log)
                        .isEmpty();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static String tenantAlias(Map<String, Object> claims) {
        Object tenant = claims.get("tenant");
        return tenant instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("alias") : null;
    }

    static String jti(String token) {
        return (String) Jwks.decodeUnverified(token).get("jti");
    }

    static void assertInvalidGrant(Http.Response response, String descriptionPart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.string("error")).as(response.toString()).isEqualTo("invalid_grant");
        assertThat(response.string("error_description")).as(response.toString()).contains(descriptionPart);
    }
}

package dev.tenancy.it.refresh;

import static dev.tenancy.it.refresh.RefreshFixtures.assertInvalidGrant;
import static dev.tenancy.it.refresh.RefreshFixtures.login;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The executor's configuration through the admin REST API (what the admin console's client-policy pages send):
 * discoverable, validated on save, and the documented realm-wide default for all public clients.
 */
@KeycloakIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefreshPolicyConfigIT {

    private static final String PROFILE = "tenancy-spa-refresh";

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.createUser("paula", "paula@example.com");
        RefreshFixtures.createPublicClient(realm, "spa", null);
        realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        "backend",
                        "publicClient",
                        false,
                        "secret",
                        "backend-secret",
                        "directAccessGrantsEnabled",
                        true,
                        "standardFlowEnabled",
                        false));
    }

    private static Http.Response saveProfile(TestRealm realm, Object configuration) {
        return realm.adminCall(
                "PUT",
                "/client-policies/profiles",
                Map.of(
                        "profiles",
                        List.of(Map.of(
                                "name",
                                PROFILE,
                                "executors",
                                List.of(Map.of(
                                        "executor", RefreshFixtures.EXECUTOR, "configuration", configuration))))));
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void theExecutorIsListedWithItsSettings(KeycloakServer server) {
        Map<String, Object> info = Http.get(
                        server.baseUrl() + "/admin/serverinfo",
                        Http.bearer(server.admin().tokenManager().getAccessTokenString()))
                .json();
        Map<String, Object> executors = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) info.get("providers")).get("client-policy-executor"))
                        .get("providers");
        assertThat(executors).containsKey(RefreshFixtures.EXECUTOR);
        // what the admin console builds the executor form from
        List<Map<String, Object>> types = ((Map<String, List<Map<String, Object>>>) info.get("componentTypes"))
                .get("org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider");
        List<Map<String, Object>> properties = types.stream()
                .filter(p -> RefreshFixtures.EXECUTOR.equals(p.get("id")))
                .findFirst()
                .map(p -> (List<Map<String, Object>>) p.get("properties"))
                .orElseThrow(() -> new AssertionError("executor not in componentTypes"));
        assertThat(properties)
                .extracting(p -> p.get("name"))
                .containsExactly("rotation", "graceSeconds", "replayRevokes", "familyMaxLifespanSeconds");
        assertThat(properties)
                .filteredOn(p -> "replayRevokes".equals(p.get("name")))
                .singleElement()
                .satisfies(p -> assertThat((List<String>) p.get("options"))
                        .containsExactly("client-session", "user-session", "all-user-sessions"));
    }

    @Test
    @Order(2)
    void invalidSettingsAreRejectedWhenSaved(TestRealm realm) {
        for (Map<String, Object> invalid : List.<Map<String, Object>>of(
                Map.of("graceSeconds", 61),
                Map.of("graceSeconds", -1),
                Map.of("graceSeconds", "soon"),
                Map.of("replayRevokes", "realm"),
                Map.of("rotation", "maybe"),
                Map.of("familyMaxLifespanSeconds", -10))) {
            Http.Response response = saveProfile(realm, invalid);
            assertThat(response.status()).as(invalid + " -> " + response).isEqualTo(400);
        }
        assertThat(realm.adminCall("GET", "/client-policies/profiles", null)
                        .json()
                        .get("profiles"))
                .asList()
                .isEmpty();
    }

    @Test
    @Order(2)
    void aConfigurationThatIsNotAJsonObjectIsRejectedWith400Not500(TestRealm realm) {
        // found by EndpointFuzzIT: Keycloak converts the configuration to our class before validating it
        for (Object notAnObject : List.of("*", List.of(1, 2), 5, true)) {
            Http.Response response = saveProfile(realm, notAnObject);
            assertThat(response.status()).as(notAnObject + " -> " + response).isEqualTo(400);
        }
        assertThat(realm.adminCall("GET", "/client-policies/profiles", null)
                        .json()
                        .get("profiles"))
                .asList()
                .isEmpty();
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void validSettingsAreSavedAsSent(TestRealm realm) {
        Map<String, Object> configuration = Map.of(
                "rotation",
                true,
                "graceSeconds",
                60,
                "replayRevokes",
                "all-user-sessions",
                "familyMaxLifespanSeconds",
                86400);
        Http.Response saved = saveProfile(realm, configuration);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(204);
        List<Map<String, Object>> profiles = (List<Map<String, Object>>)
                realm.adminCall("GET", "/client-policies/profiles", null).json().get("profiles");
        assertThat(profiles).singleElement().satisfies(p -> assertThat(
                        ((List<Map<String, Object>>) p.get("executors")).get(0))
                .containsEntry("executor", RefreshFixtures.EXECUTOR)
                .containsEntry("configuration", configuration));
        // the console sends strings
        assertThat(saveProfile(
                                realm,
                                Map.of(
                                        "rotation",
                                        "true",
                                        "graceSeconds",
                                        "5",
                                        "replayRevokes",
                                        "user-session",
                                        "familyMaxLifespanSeconds",
                                        "0"))
                        .status())
                .isEqualTo(204);
    }

    /** The JSON of README.md, "Turn it on for all public clients of a realm". */
    @Test
    @Order(100)
    void aRealmWidePolicyForAllPublicClientsRotatesPublicClientsOnly(TestRealm realm) {
        realm.adminOk(
                "PUT",
                "/client-policies/profiles",
                Map.of(
                        "profiles",
                        List.of(Map.of(
                                "name",
                                PROFILE,
                                "description",
                                "Refresh-token rotation for browser apps",
                                "executors",
                                List.of(Map.of(
                                        "executor",
                                        "tenancy-refresh-rotation",
                                        "configuration",
                                        Map.of(
                                                "rotation",
                                                true,
                                                "graceSeconds",
                                                5,
                                                "replayRevokes",
                                                "client-session",
                                                "familyMaxLifespanSeconds",
                                                0)))))));
        realm.adminOk(
                "PUT",
                "/client-policies/policies",
                Map.of(
                        "policies",
                        List.of(Map.of(
                                "name",
                                "tenancy-rotate-public-clients",
                                "description",
                                "All public clients rotate refresh tokens",
                                "enabled",
                                true,
                                "conditions",
                                List.of(Map.of(
                                        "condition",
                                        "client-access-type",
                                        "configuration",
                                        Map.of("type", List.of("public")))),
                                "profiles",
                                List.of(PROFILE)))));
        try {
            String spaToken = login(realm, "spa", "paula").string("refresh_token");
            refreshOk(realm, "spa", spaToken);
            try {
                Thread.sleep(5_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertInvalidGrant(realm.refreshGrant("spa", spaToken), "Refresh token replay detected");

            Http.Response backendLogin = Http.form(
                    realm.tokenEndpoint(),
                    Http.fields(
                            "grant_type",
                            "password",
                            "client_id",
                            "backend",
                            "client_secret",
                            "backend-secret",
                            "username",
                            "paula",
                            "password",
                            TestRealm.PASSWORD,
                            "scope",
                            "openid"));
            String backendToken = backendLogin.string("refresh_token");
            for (int i = 0; i < 2; i++) {
                Http.Response reused = Http.form(
                        realm.tokenEndpoint(),
                        Http.fields(
                                "grant_type",
                                "refresh_token",
                                "client_id",
                                "backend",
                                "client_secret",
                                "backend-secret",
                                "refresh_token",
                                backendToken));
                assertThat(reused.status())
                        .as("confidential client is not rotated: " + reused)
                        .isEqualTo(200);
            }
        } finally {
            realm.adminOk("PUT", "/client-policies/policies", Map.of("policies", List.of()));
        }
    }
}

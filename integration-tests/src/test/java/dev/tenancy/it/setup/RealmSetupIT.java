package dev.tenancy.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The realm setup endpoint {@code /admin/realms/{realm}/tenancy/setup} against the stock server: a stock realm set up
 * by one call (tenant claim, picker, rotation, idempotence, dry run, health report), README's manual JSON
 * (docs/setup) giving the same result, customised browser flows merged or refused, and who may call it.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class RealmSetupIT {

    /** The client docs/setup/setup-request.json names. */
    static final String APP = "my-app";

    static final String REDIRECT = "http://localhost/callback";
    static final List<String> STEPS = List.of(
            "organizations",
            "client-scope",
            "browser-flow",
            "password-policy",
            "refresh-rotation",
            "required-actions",
            "themes");

    // ---- helpers ----

    static Http.Response setup(TestRealm realm, String query, String body) {
        return realm.adminCall("POST", "/tenancy/setup" + query, body);
    }

    static Http.Response report(TestRealm realm) {
        return realm.adminCall("GET", "/tenancy/setup", null);
    }

    static Map<String, String> statuses(Http.Response response) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (Object step : (List<Object>) response.json().get("steps")) {
            Map<String, Object> entry = (Map<String, Object>) step;
            statuses.put((String) entry.get("step"), (String) entry.getOrDefault("status", entry.get("state")));
        }
        return statuses;
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Everything setup may write, as the admin API shows it: the realm, every flow with its executions and their
     * configurations, client scopes, client profiles and policies, the clients' default scopes.
     */
    static String snapshot(TestRealm realm) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> rep = realm.adminCall("GET", "", null).json();
        out.append(rep).append('\n');
        for (Object flow : realm.adminCall("GET", "/authentication/flows", null).jsonList()) {
            String alias = (String) ((Map<String, Object>) flow).get("alias");
            out.append(flow).append('\n');
            for (Object execution : realm.adminCall("GET", "/authentication/flows/" + path(alias) + "/executions", null)
                    .jsonList()) {
                out.append("  ").append(execution).append('\n');
                Object config = ((Map<String, Object>) execution).get("authenticationConfig");
                if (config != null) {
                    out.append("    ")
                            .append(realm.adminCall("GET", "/authentication/config/" + config, null)
                                    .body())
                            .append('\n');
                }
            }
        }
        out.append(realm.adminCall("GET", "/authentication/required-actions", null)
                        .body())
                .append('\n');
        out.append(realm.adminCall("GET", "/client-scopes", null).body()).append('\n');
        out.append(realm.adminCall("GET", "/client-policies/profiles", null).body())
                .append('\n');
        out.append(realm.adminCall("GET", "/client-policies/policies", null).body())
                .append('\n');
        for (Object client : realm.adminCall("GET", "/clients", null).jsonList()) {
            String id = (String) ((Map<String, Object>) client).get("id");
            out.append(realm.adminCall("GET", "/clients/" + id + "/default-client-scopes", null)
                            .body())
                    .append('\n');
        }
        return out.toString();
    }

    static String clientUuid(TestRealm realm, String clientId) {
        return (String) ((Map<String, Object>) realm.adminCall("GET", "/clients?clientId=" + clientId, null)
                        .jsonList()
                        .get(0))
                .get("id");
    }

    /** Logs {@code username} in through the realm's browser flow and returns the token response. */
    static Http.Response browserLogin(TestRealm realm, String username, String pickTenant) {
        BrowserlessLogin login = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result result = login.authorize("openid", username, pickTenant);
        assertThat(result.ok())
                .as(result.error() + " " + result.errorDescription())
                .isTrue();
        Http.Response tokens = login.exchange(result);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens;
    }

    static Map<String, Object> tenantClaim(TestRealm realm, Http.Response tokens) {
        return (Map<String, Object>)
                Jwks.verify(realm.url(), tokens.string("access_token")).get("tenant");
    }

    /** Users ann (acme) and tom (acme and globex), and the public client my-app. */
    static void tenantsAndUsers(TestRealm realm) {
        String acme = realm.createOrganization("acme", "Acme Corp", "acme.test");
        String globex = realm.createOrganization("globex", "Globex Inc", "globex.test");
        String ann = realm.createUser("ann", "ann@acme.test");
        String tom = realm.createUser("tom", "tom@acme.test");
        realm.addMember(acme, ann);
        realm.addMember(acme, tom);
        realm.addMember(globex, tom);
    }

    static void createApp(TestRealm realm) {
        realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        APP,
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "standardFlowEnabled",
                        true,
                        "redirectUris",
                        List.of(REDIRECT),
                        "webOrigins",
                        List.of("+")));
    }

    // ---- a stock realm, one call ----

    @Test
    void aStockRealmIsSetUpByOneCallThatASecondCallAndADryRunDoNotChange(TestRealm realm) {
        Map<String, Object> rep = realm.adminCall("GET", "", null).json();
        rep.put("organizationsEnabled", false); // a stock realm: Organizations off
        realm.adminOk("PUT", "", rep);
        createApp(realm);

        Http.Response before = report(realm);
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        assertThat(before.json()).containsEntry("complete", false);
        assertThat((List<String>) before.json().get("missing")).containsExactlyElementsOf(STEPS);

        String stock = snapshot(realm);
        Http.Response dryRun = setup(realm, "?dryRun=true", SetupDocs.json("setup-request.json"));
        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        assertThat(dryRun.json()).containsEntry("dryRun", true).containsEntry("changed", false);
        Map<String, String> planned = Map.of(
                "organizations",
                "updated",
                "client-scope",
                "created",
                "browser-flow",
                "created",
                "password-policy",
                "updated",
                "refresh-rotation",
                "created",
                "required-actions",
                "created",
                "themes",
                "updated");
        assertThat(statuses(dryRun)).containsExactlyInAnyOrderEntriesOf(planned);
        assertThat(snapshot(realm)).as("a dry run writes nothing").isEqualTo(stock);

        Http.Response first = setup(realm, "", SetupDocs.json("setup-request.json"));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json()).containsEntry("dryRun", false).containsEntry("changed", true);
        assertThat(statuses(first)).containsExactlyInAnyOrderEntriesOf(planned);
        String setUp = snapshot(realm);

        Http.Response second = setup(realm, "", SetupDocs.json("setup-request.json"));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json()).containsEntry("changed", false);
        assertThat(statuses(second).values()).as(second.toString()).containsOnly("unchanged");
        assertThat(snapshot(realm)).as("a second call writes nothing").isEqualTo(setUp);

        Map<String, Object> settings = realm.adminCall("GET", "", null).json();
        assertThat(settings)
                .containsEntry("organizationsEnabled", true)
                .containsEntry("browserFlow", "tenancy browser")
                .containsEntry("loginTheme", "tenancy")
                .containsEntry("emailTheme", "tenancy");
        assertThat((String) settings.get("passwordPolicy")).contains("tenancy-tenant-password-policy");
        assertThat(realm.adminCall("GET", "/authentication/required-actions/tenancy-mfa-setup-choice", null)
                        .json())
                .as("the setup choice is registered and enabled")
                .containsEntry("enabled", true)
                .containsEntry("defaultAction", false);

        Http.Response after = report(realm);
        assertThat(after.json()).as(after.toString()).containsEntry("complete", true);
        assertThat((List<Object>) after.json().get("missing")).isEmpty();
        assertThat((List<Object>) after.json().get("invalidAttributes")).isEmpty();

        tenantsAndUsers(realm);
        // a user of one tenant: the tenant claim, verified against the realm's JWKS
        Http.Response tokens = browserLogin(realm, "ann", null);
        assertThat(tenantClaim(realm, tokens)).containsEntry("alias", "acme");
        // rotation is on: two refreshes, then the first refresh token again is a replay
        String first0 = tokens.string("refresh_token");
        Http.Response refreshed = realm.refreshGrant(APP, first0);
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.string("refresh_token")).isNotEqualTo(first0);
        Http.Response again = realm.refreshGrant(APP, refreshed.string("refresh_token"));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        Http.Response replay = realm.refreshGrant(APP, first0);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(400);
        assertThat(replay.string("error")).isEqualTo("invalid_grant");

        // a user of two tenants gets the picker (showTenantPicker) and the token of the tenant picked
        BrowserlessLogin login = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(login.authorize("openid", "tom", null).error()).isEqualTo("tenant_picker");
        assertThat(tenantClaim(realm, browserLogin(realm, "tom", "globex"))).containsEntry("alias", "globex");

        // the health check names invalid stored tenancy.* values: every write path refuses an invalid one, so it comes
        // from a realm policy raised above a tenant's stored one (a minimum length of 10 below the realm's new 12)
        String acme = organizationId(realm, "acme");
        Http.Response stored =
                realm.putTenantPolicyAttributes(acme, Map.of("tenancy.policy.password.min-length", List.of("10")));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(204);
        assertThat((List<Object>) report(realm).json().get("invalidAttributes")).isEmpty();
        Map<String, Object> raised = realm.adminCall("GET", "", null).json();
        raised.put("passwordPolicy", "length(12) and tenancy-tenant-password-policy");
        realm.adminOk("PUT", "", raised);
        Http.Response invalid = report(realm);
        assertThat(invalid.json()).containsEntry("complete", false);
        List<Map<String, Object>> findings =
                (List<Map<String, Object>>) invalid.json().get("invalidAttributes");
        assertThat(findings).extracting(f -> f.get("attribute")).containsExactly("tenancy.policy.password.min-length");
        assertThat((String) findings.get(0).get("problem")).contains("12");
        assertThat(findings).allSatisfy(f -> assertThat(f).containsEntry("tenant", "acme"));
    }

    /** Setup registers "Choose a second factor" where it is missing, and leaves a registration an admin disabled. */
    @Test
    void aRequiredActionAnAdminDisabledStaysDisabled(KeycloakServer server) {
        TestRealm realm = TestRealm.create(server, "it-realmsetup-disabled-action");
        try {
            realm.adminOk("POST", "/authentication/register-required-action", SetupDocs.json("required-action.json"));
            String path = "/authentication/required-actions/tenancy-mfa-setup-choice";
            Map<String, Object> action =
                    new LinkedHashMap<>(realm.adminCall("GET", path, null).json());
            action.put("enabled", false);
            realm.adminOk("PUT", path, Http.JSON.writeValueAsString(action));

            Http.Response done = setup(realm, "", null);
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
            Map<String, Object> step = ((List<Map<String, Object>>) done.json().get("steps"))
                    .stream()
                            .filter(s -> "required-actions".equals(s.get("step")))
                            .findFirst()
                            .orElseThrow();
            assertThat(step).containsEntry("status", "unchanged");
            assertThat((String) step.get("message")).contains("disabled");
            assertThat(realm.adminCall("GET", path, null).json()).containsEntry("enabled", false);
            assertThat(statuses(report(realm))).containsEntry("required-actions", "ok");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        } finally {
            realm.remove();
        }
    }

    // ---- README's manual JSON gives what setup gives ----

    @Test
    void readmesManualJsonSetsUpARealmThatTheHealthCheckFindsComplete(KeycloakServer server) {
        TestRealm realm = TestRealm.create(server, "it-realmsetup-manual");
        try {
            realm.adminOk("DELETE", "", null); // re-created below from README's JSON
            // step 4: the flow by realm import (a new realm from JSON, as kc.sh import would create it)
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("realm", realm.name());
            rep.put("enabled", true);
            rep.putAll(SetupDocs.object("browser-flow.json"));
            Http.Response created = Http.json(
                    "POST",
                    server.baseUrl() + "/admin/realms",
                    rep,
                    Http.bearer(server.admin().tokenManager().getAccessTokenString()));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            // steps 2, 6, 3 and 7: the admin REST calls README names, with its JSON
            realm.adminOk("PUT", "", SetupDocs.json("realm-settings.json"));
            realm.adminOk("PUT", "/client-policies/profiles", SetupDocs.json("client-profiles.json"));
            realm.adminOk("PUT", "/client-policies/policies", SetupDocs.json("client-policies.json"));
            String scopeId = realm.adminCreate("/client-scopes", SetupDocs.json("client-scope.json"));
            // step 7 (docs/setup/required-action.json)
            realm.adminOk("POST", "/authentication/register-required-action", SetupDocs.json("required-action.json"));
            createApp(realm);
            realm.adminOk("PUT", "/clients/" + clientUuid(realm, APP) + "/default-client-scopes/" + scopeId, null);

            Http.Response health = report(realm);
            assertThat(statuses(health))
                    .as(health.toString())
                    .containsOnlyKeys(STEPS)
                    .containsValues("ok")
                    .doesNotContainValue("missing")
                    .doesNotContainValue("needs-attention");
            assertThat(health.json()).containsEntry("complete", true);

            tenantsAndUsers(realm);
            assertThat(tenantClaim(realm, browserLogin(realm, "ann", null))).containsEntry("alias", "acme");
            assertThat(tenantClaim(realm, browserLogin(realm, "tom", "globex"))).containsEntry("alias", "globex");

            // giving a tenant roles (docs/setup/tenant-role-*.json)
            String acme = organizationId(realm, "acme");
            String user = userId(realm, "ann");
            realm.createRealmRole("editor");
            String group =
                    realm.adminCreate("/organizations/" + acme + "/groups", SetupDocs.json("tenant-role-group.json"));
            String roleId = (String)
                    realm.adminCall("GET", "/roles/editor", null).json().get("id");
            realm.adminOk(
                    "POST",
                    "/organizations/" + acme + "/groups/" + group + "/role-mappings/realm",
                    SetupDocs.json("tenant-role-mapping.json", Map.of("<id of the realm role editor>", roleId)));
            realm.adminOk("PUT", "/organizations/" + acme + "/groups/" + group + "/members/" + user, null);
            assertThat((List<String>)
                            tenantClaim(realm, browserLogin(realm, "ann", null)).get("roles"))
                    .contains("editor");

            // making someone a tenant admin (docs/setup/tenant-member.json, tenant-admins-group.json,
            // tenant-admin-role-mapping.json): carl joins acme and may then use the tenant API there
            String carl = realm.createUser("carl", "carl@acme.test");
            Http.Response member = realm.adminCall(
                    "POST",
                    "/organizations/" + acme + "/members",
                    SetupDocs.json("tenant-member.json", Map.of("<user id>", carl)));
            assertThat(member.status()).as(member.toString()).isEqualTo(201);
            String admins =
                    realm.adminCreate("/organizations/" + acme + "/groups", SetupDocs.json("tenant-admins-group.json"));
            String permissions = clientUuid(realm, "tenancy-permissions");
            String tenantAdminId =
                    (String) realm.adminCall("GET", "/clients/" + permissions + "/roles/tenant-admin", null)
                            .json()
                            .get("id");
            realm.adminOk(
                    "POST",
                    "/organizations/" + acme + "/groups/" + admins + "/role-mappings/clients/" + permissions,
                    SetupDocs.json(
                            "tenant-admin-role-mapping.json",
                            Map.of("<id of the client role tenant-admin of tenancy-permissions>", tenantAdminId)));
            realm.adminOk("PUT", "/organizations/" + acme + "/groups/" + admins + "/members/" + carl, null);
            realm.allowTenantApi(clientUuid(realm, APP));
            Http.Response carlTokens = browserLogin(realm, "carl", null);
            Http.Response members =
                    Http.get(realm.url() + "/tenants/acme/members", Http.bearer(carlTokens.string("access_token")));
            assertThat(members.status()).as(members.toString()).isEqualTo(200);
            Http.Response annTokens = browserLogin(realm, "ann", null);
            assertThat(Http.get(realm.url() + "/tenants/acme/members", Http.bearer(annTokens.string("access_token")))
                            .status())
                    .as("a plain member is no tenant admin")
                    .isEqualTo(403);
        } finally {
            realm.remove();
        }
    }

    static String organizationId(TestRealm realm, String alias) {
        return realm.adminCall("GET", "/organizations", null).jsonList().stream()
                .map(o -> (Map<String, Object>) o)
                .filter(o -> alias.equals(o.get("alias")))
                .map(o -> (String) o.get("id"))
                .findFirst()
                .orElseThrow();
    }

    static String userId(TestRealm realm, String username) {
        return (String) ((Map<String, Object>) realm.adminCall("GET", "/users?exact=true&username=" + username, null)
                        .jsonList()
                        .get(0))
                .get("id");
    }

    // ---- customised browser flows ----

    /**
     * A customised flow: SSO cookie, an identity-provider redirector, and forms with a configured password step and a
     * conditional OTP sub-flow. Setup copies it into its REQUIRED sub-flow, unchanged, and leaves it as it was.
     */
    @Test
    void aCustomisedBrowserFlowIsCopiedIntoTheTenancyFlowAndKeptAsItWas(KeycloakServer server) {
        TestRealm realm = TestRealm.create(server, "it-realmsetup-custom");
        try {
            realm.adminCreate(
                    "/authentication/flows",
                    Map.of(
                            "alias",
                            "custom browser",
                            "providerId",
                            "basic-flow",
                            "topLevel",
                            true,
                            "builtIn",
                            false,
                            "description",
                            "a customised browser flow"));
            addExecution(realm, "custom browser", "auth-cookie");
            addExecution(realm, "custom browser", "identity-provider-redirector");
            addSubFlow(realm, "custom browser", "custom forms");
            addExecution(realm, "custom forms", "auth-username-password-form");
            addSubFlow(realm, "custom forms", "custom otp");
            addExecution(realm, "custom otp", "conditional-user-configured");
            addExecution(realm, "custom otp", "auth-otp-form");
            Map<String, String> requirements = Map.of(
                    "auth-cookie",
                    "ALTERNATIVE",
                    "identity-provider-redirector",
                    "ALTERNATIVE",
                    "custom forms",
                    "ALTERNATIVE",
                    "auth-username-password-form",
                    "REQUIRED",
                    "custom otp",
                    "CONDITIONAL",
                    "conditional-user-configured",
                    "REQUIRED",
                    "auth-otp-form",
                    "ALTERNATIVE");
            for (Map<String, Object> execution : executions(realm, "custom browser")) {
                execution.put("requirement", requirements.get(name(execution)));
                realm.adminOk("PUT", "/authentication/flows/" + path("custom browser") + "/executions", execution);
                if ("auth-username-password-form".equals(name(execution))) {
                    realm.adminOk(
                            "POST",
                            "/authentication/executions/" + execution.get("id") + "/config",
                            Map.of("alias", "custom-amr-pwd", "config", Map.of("default.reference.value", "pwd")));
                }
            }
            bindBrowserFlow(realm, "custom browser");
            List<String> customBefore = shape(realm, "custom browser");
            createApp(realm);

            Http.Response response = setup(realm, "", SetupDocs.json("setup-request.json"));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(statuses(response)).containsEntry("browser-flow", "created");
            assertThat(realm.adminCall("GET", "", null).json()).containsEntry("browserFlow", "tenancy browser");
            assertThat(shape(realm, "custom browser"))
                    .as("the customised flow stays as it was")
                    .isEqualTo(customBefore);
            assertThat(shape(realm, "tenancy browser"))
                    .containsExactly(
                            "0 tenancy browser authenticate REQUIRED",
                            "1 auth-cookie ALTERNATIVE",
                            "1 identity-provider-redirector ALTERNATIVE",
                            "1 tenancy browser - custom forms ALTERNATIVE",
                            "2 auth-username-password-form REQUIRED config 'tenancy browser - custom-amr-pwd' {default.reference.value=**********}",
                            "2 tenancy browser - custom otp CONDITIONAL",
                            "3 conditional-user-configured REQUIRED",
                            "3 auth-otp-form ALTERNATIVE",
                            "0 tenancy-tenant-selector REQUIRED config 'tenancy browser tenant selection' {rememberLastTenant=true, showTenantPicker=true}",
                            "0 tenancy-tenant-policy REQUIRED",
                            "0 tenancy browser tenant mfa CONDITIONAL",
                            "1 tenancy-condition-tenant-mfa REQUIRED",
                            "1 auth-otp-form ALTERNATIVE",
                            "1 webauthn-authenticator ALTERNATIVE");

            tenantsAndUsers(realm);
            assertThat(tenantClaim(realm, browserLogin(realm, "ann", null))).containsEntry("alias", "acme");
            assertThat(statuses(setup(realm, "", null)).values()).containsOnly("unchanged");

            // the customised flow bound again: setup does not build a second 'tenancy browser' over the first
            bindBrowserFlow(realm, "custom browser");
            assertRefused(realm, "A flow 'tenancy browser' exists but is not the realm's browser flow");
        } finally {
            realm.remove();
        }
    }

    /**
     * Flows setup cannot judge are refused with a 409 that says what to do, and nothing at all is written (not the
     * other steps either); a flow with "Tenant selection" where it works gets the policy steps added at its end.
     */
    @Test
    void aFlowSetupCannotJudgeIsRefusedWithNothingWrittenAndAWorkingOneIsCompleted(KeycloakServer server) {
        TestRealm realm = TestRealm.create(server, "it-realmsetup-refused");
        try {
            createApp(realm);
            tenantsAndUsers(realm);

            // Tenant selection between the username and the password
            realm.installFlowWithTenantSelectionBeforePassword(Map.of());
            bindBrowserFlow(realm, "tenancy selection too early");
            assertRefused(realm, "'auth-password-form' comes after 'Tenant selection'");

            // issue 17: Tenant selection REQUIRED next to the alternatives of a copy of 'browser'
            realm.adminOk("POST", "/authentication/flows/browser/copy", Map.of("newName", "naive browser"));
            addExecution(realm, "naive browser", "tenancy-tenant-selector");
            for (Map<String, Object> execution : executions(realm, "naive browser")) {
                if ("tenancy-tenant-selector".equals(name(execution))) {
                    execution.put("requirement", "REQUIRED");
                    realm.adminOk("PUT", "/authentication/flows/" + path("naive browser") + "/executions", execution);
                }
            }
            bindBrowserFlow(realm, "naive browser");
            assertRefused(realm, "mixes REQUIRED and ALTERNATIVE");

            // a flow of the admin's that mixes REQUIRED and ALTERNATIVE at one level (without our steps)
            realm.adminCreate(
                    "/authentication/flows",
                    Map.of(
                            "alias",
                            "mixed browser",
                            "providerId",
                            "basic-flow",
                            "topLevel",
                            true,
                            "builtIn",
                            false,
                            "description",
                            "cookie and form at one level"));
            addExecution(realm, "mixed browser", "auth-cookie");
            addExecution(realm, "mixed browser", "auth-username-password-form");
            for (Map<String, Object> execution : executions(realm, "mixed browser")) {
                execution.put("requirement", "auth-cookie".equals(name(execution)) ? "ALTERNATIVE" : "REQUIRED");
                realm.adminOk("PUT", "/authentication/flows/" + path("mixed browser") + "/executions", execution);
            }
            bindBrowserFlow(realm, "mixed browser");
            assertRefused(realm, "REQUIRED and ALTERNATIVE steps at the same level in 'mixed browser'");

            // Tenant selection where it works, without options: setup adds Tenant policy and the MFA sub-flow
            realm.installBrowserFlowWithTenantSelection(Map.of());
            Http.Response merged = setup(realm, "", null);
            assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
            assertThat(statuses(merged)).containsEntry("browser-flow", "updated");
            assertThat(shape(realm, "tenancy browser").stream()
                            .filter(line -> line.startsWith("0 "))
                            .toList())
                    .containsExactly(
                            "0 tenancy authenticate REQUIRED",
                            "0 tenancy-tenant-selector REQUIRED",
                            "0 tenancy-tenant-policy REQUIRED",
                            "0 tenancy browser tenant mfa CONDITIONAL");
            assertThat(statuses(setup(realm, "", null)).values()).containsOnly("unchanged");

            // the picker options of README step 5 (docs/setup/tenant-selection-config.json) on that flow's step
            assertThat(new BrowserlessLogin(realm, APP, REDIRECT)
                            .authorize("openid", "tom", null)
                            .ok())
                    .as("without showTenantPicker the login completes without a picker")
                    .isTrue();
            String selector = executions(realm, "tenancy browser").stream()
                    .filter(e -> "tenancy-tenant-selector".equals(name(e)))
                    .map(e -> (String) e.get("id"))
                    .findFirst()
                    .orElseThrow();
            realm.adminCreate(
                    "/authentication/executions/" + selector + "/config",
                    SetupDocs.json("tenant-selection-config.json"));
            assertThat(new BrowserlessLogin(realm, APP, REDIRECT)
                            .authorize("openid", "tom", null)
                            .error())
                    .isEqualTo("tenant_picker");
        } finally {
            realm.remove();
        }
    }

    static void assertRefused(TestRealm realm, String reason) {
        String before = snapshot(realm);
        for (String query : List.of("?dryRun=true", "")) {
            Http.Response refused = setup(realm, query, SetupDocs.json("setup-request.json"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.string("error")).isEqualTo("conflict");
            assertThat(refused.string("error_description")).contains(reason).contains("nothing was changed");
            assertThat(statuses(refused)).containsEntry("browser-flow", "refused");
            assertThat(snapshot(realm)).as("a refused setup writes nothing").isEqualTo(before);
        }
        Http.Response health = report(realm);
        assertThat((List<String>) health.json().get("needsAttention")).contains("browser-flow");
    }

    static List<Map<String, Object>> executions(TestRealm realm, String flow) {
        return realm.adminCall("GET", "/authentication/flows/" + path(flow) + "/executions", null).jsonList().stream()
                .map(e -> new LinkedHashMap<>((Map<String, Object>) e))
                .map(e -> (Map<String, Object>) e)
                .toList();
    }

    static String name(Map<String, Object> execution) {
        return Boolean.TRUE.equals(execution.get("authenticationFlow"))
                ? (String) execution.get("displayName")
                : (String) execution.get("providerId");
    }

    /** Each execution as "level name requirement [config {...}]", in flow order. */
    static List<String> shape(TestRealm realm, String flow) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> execution : executions(realm, flow)) {
            String line = execution.get("level") + " " + name(execution) + " " + execution.get("requirement");
            Object config = execution.get("authenticationConfig");
            if (config != null) {
                // sorted: the order in which Keycloak stores a configuration's keys is not the order they were sent in;
                // Keycloak shows some values masked (the amr reference value: "**********")
                Map<String, Object> stored = realm.adminCall("GET", "/authentication/config/" + config, null)
                        .json();
                line += " config '" + stored.get("alias") + "' "
                        + new java.util.TreeMap<>((Map<String, Object>) stored.get("config"));
            }
            lines.add(line);
        }
        return lines;
    }

    static void addExecution(TestRealm realm, String flow, String provider) {
        realm.adminOk(
                "POST", "/authentication/flows/" + path(flow) + "/executions/execution", Map.of("provider", provider));
    }

    static void addSubFlow(TestRealm realm, String parent, String alias) {
        realm.adminOk(
                "POST",
                "/authentication/flows/" + path(parent) + "/executions/flow",
                Map.of("alias", alias, "type", "basic-flow", "provider", "registration-page-form"));
    }

    static void bindBrowserFlow(TestRealm realm, String alias) {
        Map<String, Object> rep = realm.adminCall("GET", "", null).json();
        rep.put("browserFlow", alias);
        realm.adminOk("PUT", "", rep);
    }

    // ---- who may call it ----

    @Test
    void onlyRealmAdminsSetUpAndBadInputIsRefusedWithNothingWritten(KeycloakServer server) {
        TestRealm realm = TestRealm.create(server, "it-realmsetup-auth");
        try {
            String url = server.baseUrl() + "/admin/realms/" + realm.name() + "/tenancy/setup";
            assertThat(Http.json("POST", url, null, Map.of()).status()).isEqualTo(401);
            assertThat(Http.get(url, Map.of()).status()).isEqualTo(401);
            assertThat(Http.json("POST", url, null, Http.bearer("not-a-token")).status())
                    .isEqualTo(401);

            realm.createUser("nobody", "nobody@example.test");
            grantRealmManagement(realm, realm.createUser("viewer", "viewer@example.test"), "view-realm");
            grantRealmManagement(realm, realm.createUser("manager", "manager@example.test"), "manage-realm");
            String before = snapshot(realm);

            Http.Response nobody = Http.json("POST", url, null, Http.bearer(adminCliToken(realm, "nobody")));
            assertThat(nobody.status()).as(nobody.toString()).isEqualTo(403);
            assertThat(nobody.string("error")).isEqualTo("access_denied");
            assertThat(Http.get(url, Http.bearer(adminCliToken(realm, "nobody")))
                            .status())
                    .isEqualTo(403);

            String viewer = adminCliToken(realm, "viewer");
            Http.Response viewerReport = Http.get(url, Http.bearer(viewer));
            assertThat(viewerReport.status()).as(viewerReport.toString()).isEqualTo(200);
            assertThat(viewerReport.json()).containsEntry("complete", false);
            Http.Response viewerSetup = Http.json("POST", url, null, Http.bearer(viewer));
            assertThat(viewerSetup.status()).as(viewerSetup.toString()).isEqualTo(403);
            assertThat(viewerSetup.string("error_description")).contains("manage-realm");

            // manage-realm alone may not create the client scope
            Http.Response manager = Http.json("POST", url, null, Http.bearer(adminCliToken(realm, "manager")));
            assertThat(manager.status()).as(manager.toString()).isEqualTo(403);
            assertThat(manager.string("error_description")).contains("manage-clients");

            String admin = server.admin().tokenManager().getAccessTokenString();
            Map<String, String> badQueries = Map.of(
                    "?dryRun=maybe",
                    "dryRun",
                    "?dryrun=true",
                    "unknown query parameter",
                    "?dryRun=true&dryRun=false",
                    "dryRun");
            badQueries.forEach((query, reason) -> {
                Http.Response bad = Http.json("POST", url + query, null, Http.bearer(admin));
                assertThat(bad.status()).as(query + " " + bad).isEqualTo(400);
                assertThat(bad.string("error")).isEqualTo("invalid_request");
                assertThat(bad.string("error_description")).contains(reason);
            });
            Map<String, String> badBodies = Map.of(
                    "[1]",
                    "JSON object",
                    "{",
                    "not valid JSON",
                    "{\"defaultScopeClients\":[\"nope\"]}",
                    "no client 'nope'",
                    "{\"clients\":[]}",
                    "unknown field",
                    "{\"defaultScopeClients\":\"my-app\"}",
                    "list");
            badBodies.forEach((body, reason) -> {
                Http.Response bad = Http.json("POST", url, body, Http.bearer(admin));
                assertThat(bad.status()).as(body + " " + bad).isEqualTo(400);
                assertThat(bad.string("error")).isEqualTo("invalid_request");
                assertThat(bad.string("error_description")).contains(reason);
            });
            Http.Response badReport = Http.get(url + "?dryRun=true", Http.bearer(admin));
            assertThat(badReport.status()).isEqualTo(400);
            assertThat(snapshot(realm)).as("refused calls write nothing").isEqualTo(before);
        } finally {
            realm.remove();
        }
    }

    /** A token of the realm's own {@code admin-cli} (Keycloak's client for the admin API), by password. */
    static String adminCliToken(TestRealm realm, String username) {
        Http.Response tokens = realm.passwordGrant("admin-cli", username, "openid");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens.string("access_token");
    }

    static void grantRealmManagement(TestRealm realm, String userId, String role) {
        String management = clientUuid(realm, "realm-management");
        Map<String, Object> rep = realm.adminCall("GET", "/clients/" + management + "/roles/" + role, null)
                .json();
        realm.adminOk("POST", "/users/" + userId + "/role-mappings/clients/" + management, List.of(rep));
    }
}

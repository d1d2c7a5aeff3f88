package dev.tenancy.testsupport;

import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The realm of one test class, with organizations enabled, and small admin helpers over the admin REST API. The
 * helpers speak plain HTTP/JSON so that what they send is exactly what a user's script would send to 26.7.3 (the admin
 * client's own release line lags behind the server's newest endpoints, e.g. organization groups).
 */
public final class TestRealm {

    public static final String PASSWORD = "Passw0rd!";

    private final KeycloakServer server;
    private final String name;

    private TestRealm(KeycloakServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Creates (or re-creates) the realm {@code name} with organizations enabled. The extension gives each test class
     * one; a test that needs more realms creates them here and {@link #remove()}s them.
     */
    public static TestRealm create(KeycloakServer server, String name) {
        if (server.admin().realms().findAll().stream()
                .anyMatch(r -> r.getRealm().equals(name))) {
            server.admin().realm(name).remove();
        }
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        realm.setOrganizationsEnabled(true);
        server.admin().realms().create(realm);
        return new TestRealm(server, name);
    }

    /** An existing realm, addressed through {@code server} (for a cluster: one realm, seen through each node). */
    static TestRealm attach(KeycloakServer server, String name) {
        return new TestRealm(server, name);
    }

    /** Removes the realm (a test that created it with {@link KeycloakCluster#createRealm} calls this at its end). */
    public void remove() {
        server.admin().realm(name).remove();
    }

    public String name() {
        return name;
    }

    public KeycloakServer server() {
        return server;
    }

    /**
     * {@code http://localhost:PORT/realms/NAME} of the server this instance talks to. On a single server also the token
     * issuer; on a cluster node see {@link #issuer()}.
     */
    public String url() {
        return server.baseUrl() + "/realms/" + name;
    }

    /**
     * The {@code iss} of this realm's tokens, which also serves the realm's JWKS: {@link #url()} on a single server, the
     * cluster's load-balancer URL on every node of a cluster.
     */
    public String issuer() {
        return server.frontendUrl() + "/realms/" + name;
    }

    public String tokenEndpoint() {
        return url() + "/protocol/openid-connect/token";
    }

    public RealmResource admin() {
        return server.admin().realm(name);
    }

    // ---- raw admin REST, relative to /admin/realms/{name} ----

    public Http.Response adminCall(String method, String path, Object body) {
        return Http.json(
                method,
                server.baseUrl() + "/admin/realms/" + name + path,
                body,
                Http.bearer(server.admin().tokenManager().getAccessTokenString()));
    }

    /** POSTs, expects 201 Created and returns the id at the end of the Location header. */
    public String adminCreate(String path, Object body) {
        Http.Response response = adminCall("POST", path, body);
        if (response.status() != 201) {
            throw new AssertionError("POST " + path + " expected 201 but was " + response);
        }
        String location = response.header("Location");
        return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
    }

    public void adminOk(String method, String path, Object body) {
        Http.Response response = adminCall(method, path, body);
        if (response.status() / 100 != 2) {
            throw new AssertionError(method + " " + path + " expected 2xx but was " + response);
        }
    }

    // ---- fixtures ----

    public String createUser(String username, String email) {
        return adminCreate(
                "/users",
                Map.of(
                        "username",
                        username,
                        "email",
                        email,
                        "enabled",
                        true,
                        "emailVerified",
                        true,
                        "firstName",
                        username,
                        "lastName",
                        "Test",
                        "credentials",
                        List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
    }

    /** A public client with direct access grants, for password/refresh grants in tests. */
    public String createPublicClient(String clientId) {
        return adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        clientId,
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "standardFlowEnabled",
                        true,
                        "redirectUris",
                        List.of("http://localhost/*"),
                        "webOrigins",
                        List.of("+")));
    }

    /**
     * Adds the client scope {@code tenancy-admin} (created by the pack in every realm) to the client's default scopes:
     * its tokens may then call the tenant API.
     */
    public void allowTenantApi(String clientUuid) {
        addDefaultClientScope(clientUuid, "tenancy-admin");
    }

    /** Adds the realm's client scope {@code scopeName} to the client's default client scopes. */
    public void addDefaultClientScope(String clientUuid, String scopeName) {
        String scopeId = adminCall("GET", "/client-scopes", null).jsonList().stream()
                .map(scope -> (Map<?, ?>) scope)
                .filter(scope -> scopeName.equals(scope.get("name")))
                .map(scope -> String.valueOf(scope.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no client scope " + scopeName));
        adminOk("PUT", "/clients/" + clientUuid + "/default-client-scopes/" + scopeId, null);
    }

    public String createOrganization(String alias, String name, String... domains) {
        return adminCreate(
                "/organizations",
                Map.of(
                        "alias",
                        alias,
                        "name",
                        name,
                        "enabled",
                        true,
                        "domains",
                        java.util.Arrays.stream(domains)
                                .map(d -> Map.of("name", d, "verified", true))
                                .toList()));
    }

    /**
     * Stores the realm's user events of these types (Keycloak stores none by default; no type: every type), with
     * Keycloak's default listener {@code jboss-logging}.
     */
    public void saveEvents(String... types) {
        adminOk(
                "PUT",
                "/events/config",
                Map.of(
                        "eventsEnabled",
                        true,
                        "enabledEventTypes",
                        List.of(types),
                        "eventsListeners",
                        List.of("jboss-logging")));
    }

    /** Enables or disables a tenant. Keycloak's organization update replaces the whole representation: read, flip, put. */
    public void setOrganizationEnabled(String organizationId, boolean enabled) {
        Map<String, Object> organization = new java.util.HashMap<>(
                adminCall("GET", "/organizations/" + organizationId, null).json());
        organization.put("enabled", enabled);
        adminOk("PUT", "/organizations/" + organizationId, organization);
    }

    public void addMember(String organizationId, String userId) {
        Http.Response response = adminCall("POST", "/organizations/" + organizationId + "/members", userId);
        if (response.status() != 201) {
            throw new AssertionError("adding member " + userId + " expected 201 but was " + response);
        }
    }

    /** Creates a top-level organization group (a tenant role) and returns its id. */
    public String createOrganizationGroup(String organizationId, String groupName) {
        return adminCreate("/organizations/" + organizationId + "/groups", Map.of("name", groupName));
    }

    public String createOrganizationSubGroup(String organizationId, String parentGroupId, String groupName) {
        return adminCreate(
                "/organizations/" + organizationId + "/groups/" + parentGroupId + "/children",
                Map.of("name", groupName));
    }

    public void joinOrganizationGroup(String organizationId, String groupId, String userId) {
        adminOk("PUT", "/organizations/" + organizationId + "/groups/" + groupId + "/members/" + userId, null);
    }

    public String createRealmRole(String roleName) {
        adminOk("POST", "/roles", Map.of("name", roleName));
        return roleName;
    }

    /** Maps a realm role onto an organization group. */
    public void grantRealmRoleToOrganizationGroup(String organizationId, String groupId, String roleName) {
        Map<String, Object> role = adminCall("GET", "/roles/" + roleName, null).json();
        adminOk(
                "POST",
                "/organizations/" + organizationId + "/groups/" + groupId + "/role-mappings/realm",
                List.of(role));
    }

    /** Maps a client role onto an organization group (the role is created if missing). */
    public void grantClientRoleToOrganizationGroup(
            String organizationId, String groupId, String clientUuid, String roleName) {
        if (adminCall("GET", "/clients/" + clientUuid + "/roles/" + roleName, null)
                        .status()
                == 404) {
            adminOk("POST", "/clients/" + clientUuid + "/roles", Map.of("name", roleName));
        }
        Map<String, Object> role = adminCall("GET", "/clients/" + clientUuid + "/roles/" + roleName, null)
                .json();
        adminOk(
                "POST",
                "/organizations/" + organizationId + "/groups/" + groupId + "/role-mappings/clients/" + clientUuid,
                List.of(role));
    }

    /**
     * Binds a browser flow that runs "Tenant selection" after every way of authenticating (password or SSO cookie):
     * <pre>
     * tenancy browser
     *   tenancy authenticate   REQUIRED sub-flow
     *     auth-cookie          ALTERNATIVE
     *     tenancy forms        ALTERNATIVE sub-flow
     *       auth-username-password-form REQUIRED
     *   tenancy-tenant-selector REQUIRED
     * </pre>
     */
    public void installBrowserFlowWithTenantSelection(boolean rememberLastTenant) {
        installBrowserFlowWithTenantSelection(rememberLastTenant ? Map.of("rememberLastTenant", "true") : Map.of());
    }

    /**
     * The same flow, with the "Tenant selection" step configured by {@code config} (e.g. {@code showTenantPicker},
     * {@code rememberLastTenant}); no configuration when empty.
     */
    public void installBrowserFlowWithTenantSelection(Map<String, String> config) {
        String top = "tenancy browser";
        adminCreate(
                "/authentication/flows",
                Map.of(
                        "alias",
                        top,
                        "providerId",
                        "basic-flow",
                        "topLevel",
                        true,
                        "builtIn",
                        false,
                        "description",
                        "browser login with tenant selection"));
        adminOk(
                "POST",
                "/authentication/flows/" + encodePath(top) + "/executions/flow",
                Map.of("alias", "tenancy authenticate", "type", "basic-flow", "provider", "registration-page-form"));
        adminOk(
                "POST",
                "/authentication/flows/" + encodePath("tenancy authenticate") + "/executions/execution",
                Map.of("provider", "auth-cookie"));
        adminOk(
                "POST",
                "/authentication/flows/" + encodePath("tenancy authenticate") + "/executions/flow",
                Map.of("alias", "tenancy forms", "type", "basic-flow", "provider", "registration-page-form"));
        adminOk(
                "POST",
                "/authentication/flows/" + encodePath("tenancy forms") + "/executions/execution",
                Map.of("provider", "auth-username-password-form"));
        adminOk(
                "POST",
                "/authentication/flows/" + encodePath(top) + "/executions/execution",
                Map.of("provider", "tenancy-tenant-selector"));
        for (Object item : adminCall("GET", "/authentication/flows/" + encodePath(top) + "/executions", null)
                .jsonList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> execution = new java.util.LinkedHashMap<>((Map<String, Object>) item);
            String name = String.valueOf(execution.getOrDefault("providerId", execution.get("displayName")));
            String label = String.valueOf(execution.get("displayName"));
            String requirement =
                    switch (label) {
                        case "tenancy authenticate" -> "REQUIRED";
                        case "tenancy forms" -> "ALTERNATIVE";
                        default ->
                            switch (name) {
                                case "auth-cookie" -> "ALTERNATIVE";
                                default -> "REQUIRED";
                            };
                    };
            execution.put("requirement", requirement);
            adminOk("PUT", "/authentication/flows/" + encodePath(top) + "/executions", execution);
            if ("tenancy-tenant-selector".equals(name) && !config.isEmpty()) {
                adminOk(
                        "POST",
                        "/authentication/executions/" + execution.get("id") + "/config",
                        Map.of("alias", "tenant-selection-" + System.nanoTime(), "config", config));
            }
        }
        Map<String, Object> realm = adminCall("GET", "", null).json();
        realm.put("browserFlow", top);
        adminOk("PUT", "", realm);
    }

    /**
     * Binds a browser flow with the tenant policy steps (tenant-policy module) after "Tenant selection", the way the
     * demo realm has it:
     * <pre>
     * tenancy policy browser
     *   tenancy policy authenticate     REQUIRED sub-flow
     *     auth-cookie                   ALTERNATIVE
     *     tenancy policy forms          ALTERNATIVE sub-flow
     *       auth-username-password-form REQUIRED   (amr "pwd")
     *   tenancy-tenant-selector         REQUIRED
     *   tenancy-tenant-policy           REQUIRED
     *   tenancy tenant mfa              CONDITIONAL sub-flow
     *     tenancy-condition-tenant-mfa  REQUIRED
     *     auth-otp-form                 ALTERNATIVE (amr "otp")
     *     webauthn-authenticator        ALTERNATIVE (amr "hwk")
     *     tenancy-email-otp             ALTERNATIVE (amr "otp"; config alias "amr-tenancy-email-otp-...")
     * </pre>
     */
    public void installBrowserFlowWithTenantPolicies() {
        String top = "tenancy policy browser";
        adminCreate(
                "/authentication/flows",
                Map.of(
                        "alias",
                        top,
                        "providerId",
                        "basic-flow",
                        "topLevel",
                        true,
                        "builtIn",
                        false,
                        "description",
                        "browser login with tenant selection and tenant policies"));
        addSubFlow(top, "tenancy policy authenticate");
        addExecution("tenancy policy authenticate", "auth-cookie");
        addSubFlow("tenancy policy authenticate", "tenancy policy forms");
        addExecution("tenancy policy forms", "auth-username-password-form");
        addExecution(top, "tenancy-tenant-selector");
        addExecution(top, "tenancy-tenant-policy");
        addSubFlow(top, "tenancy tenant mfa");
        addExecution("tenancy tenant mfa", "tenancy-condition-tenant-mfa");
        addExecution("tenancy tenant mfa", "auth-otp-form");
        addExecution("tenancy tenant mfa", "webauthn-authenticator");
        addExecution("tenancy tenant mfa", "tenancy-email-otp");
        Map<String, String> requirements = Map.of(
                "tenancy policy authenticate",
                "REQUIRED",
                "tenancy policy forms",
                "ALTERNATIVE",
                "auth-cookie",
                "ALTERNATIVE",
                "tenancy tenant mfa",
                "CONDITIONAL",
                "auth-otp-form",
                "ALTERNATIVE",
                "webauthn-authenticator",
                "ALTERNATIVE",
                "tenancy-email-otp",
                "ALTERNATIVE");
        // RFC 8176 values; the mailed code is a one-time password too
        Map<String, String> amr = Map.of(
                "auth-username-password-form",
                "pwd",
                "auth-otp-form",
                "otp",
                "webauthn-authenticator",
                "hwk",
                "tenancy-email-otp",
                "otp");
        setRequirements(top, requirements, (name, executionId) -> {
            if (amr.containsKey(name)) {
                adminOk(
                        "POST",
                        "/authentication/executions/" + executionId + "/config",
                        Map.of(
                                "alias",
                                "amr-" + name + "-" + System.nanoTime(),
                                "config",
                                Map.of("default.reference.value", amr.get(name), "default.reference.maxAge", "36000")));
            }
        });
        Map<String, Object> realm = adminCall("GET", "", null).json();
        realm.put("browserFlow", top);
        adminOk("PUT", "", realm);
    }

    /**
     * Binds the demo realm's browser flow: Keycloak's identity-first organization login (username page first, then the
     * password page), and "Tenant selection" (configured by {@code config}; none when empty) AFTER the authentication
     * alternatives, where the user is authenticated:
     * <pre>
     * tenancy identity-first
     *   tenancy if authenticate          REQUIRED sub-flow
     *     auth-cookie                    ALTERNATIVE
     *     tenancy if organization        ALTERNATIVE sub-flow
     *       tenancy if conditional org   CONDITIONAL sub-flow
     *         conditional-user-configured REQUIRED
     *         organization               ALTERNATIVE   (Keycloak's "Organization Identity-First Login")
     *     tenancy if forms               ALTERNATIVE sub-flow
     *       auth-username-password-form  REQUIRED
     *   tenancy-tenant-selector          REQUIRED
     * </pre>
     * Returns the flow's id (for a client's browser-flow override).
     */
    public String installIdentityFirstBrowserFlowWithTenantSelection(Map<String, String> config, boolean bindToRealm) {
        String top = "tenancy identity-first";
        String id = adminCreate(
                "/authentication/flows",
                Map.of(
                        "alias",
                        top,
                        "providerId",
                        "basic-flow",
                        "topLevel",
                        true,
                        "builtIn",
                        false,
                        "description",
                        "identity-first browser login with tenant selection"));
        addSubFlow(top, "tenancy if authenticate");
        addExecution("tenancy if authenticate", "auth-cookie");
        addSubFlow("tenancy if authenticate", "tenancy if organization");
        addSubFlow("tenancy if organization", "tenancy if conditional org");
        addExecution("tenancy if conditional org", "conditional-user-configured");
        addExecution("tenancy if conditional org", "organization");
        addSubFlow("tenancy if authenticate", "tenancy if forms");
        addExecution("tenancy if forms", "auth-username-password-form");
        addExecution(top, "tenancy-tenant-selector");
        Map<String, String> requirements = Map.of(
                "tenancy if authenticate",
                "REQUIRED",
                "auth-cookie",
                "ALTERNATIVE",
                "tenancy if organization",
                "ALTERNATIVE",
                "tenancy if conditional org",
                "CONDITIONAL",
                "organization",
                "ALTERNATIVE",
                "tenancy if forms",
                "ALTERNATIVE");
        configureExecutions(top, requirements, config);
        if (bindToRealm) {
            Map<String, Object> realm = adminCall("GET", "", null).json();
            realm.put("browserFlow", top);
            adminOk("PUT", "", realm);
        }
        return id;
    }

    /**
     * A MISPLACED flow, for tests of "Tenant selection" before the first factor: Keycloak's identity-first username
     * form names the user, "Tenant selection" (configured by {@code config}) runs, then the password form.
     * <pre>
     * tenancy selection too early
     *   auth-username-form        REQUIRED
     *   tenancy-tenant-selector   REQUIRED
     *   auth-password-form        REQUIRED
     * </pre>
     * Not bound to the realm; returns the flow's id (for a client's browser-flow override).
     */
    public String installFlowWithTenantSelectionBeforePassword(Map<String, String> config) {
        String top = "tenancy selection too early";
        String id = adminCreate(
                "/authentication/flows",
                Map.of(
                        "alias",
                        top,
                        "providerId",
                        "basic-flow",
                        "topLevel",
                        true,
                        "builtIn",
                        false,
                        "description",
                        "tenant selection between username and password (misplaced)"));
        addExecution(top, "auth-username-form");
        addExecution(top, "tenancy-tenant-selector");
        addExecution(top, "auth-password-form");
        configureExecutions(top, Map.of(), config);
        return id;
    }

    /** Sets every execution's requirement (REQUIRED unless named) and configures "Tenant selection" with {@code config}. */
    private void configureExecutions(String top, Map<String, String> requirements, Map<String, String> config) {
        setRequirements(top, requirements, (name, executionId) -> {
            if ("tenancy-tenant-selector".equals(name) && !config.isEmpty()) {
                adminOk(
                        "POST",
                        "/authentication/executions/" + executionId + "/config",
                        Map.of("alias", "tenant-selection-" + System.nanoTime(), "config", config));
            }
        });
    }

    /**
     * Sets the requirement of every execution of the flow {@code top} (REQUIRED unless {@code requirements} names it,
     * by provider id or, for a sub-flow, display name), then hands each one's name and id to {@code configure}.
     */
    private void setRequirements(
            String top, Map<String, String> requirements, java.util.function.BiConsumer<String, Object> configure) {
        for (Object item : adminCall("GET", "/authentication/flows/" + encodePath(top) + "/executions", null)
                .jsonList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> execution = new java.util.LinkedHashMap<>((Map<String, Object>) item);
            String name =
                    execution.containsKey("providerId") && !Boolean.TRUE.equals(execution.get("authenticationFlow"))
                            ? String.valueOf(execution.get("providerId"))
                            : String.valueOf(execution.get("displayName"));
            execution.put("requirement", requirements.getOrDefault(name, "REQUIRED"));
            adminOk("PUT", "/authentication/flows/" + encodePath(top) + "/executions", execution);
            configure.accept(name, execution.get("id"));
        }
    }

    private void addSubFlow(String parent, String alias) {
        adminOk(
                "POST",
                "/authentication/flows/" + encodePath(parent) + "/executions/flow",
                Map.of("alias", alias, "type", "basic-flow", "provider", "registration-page-form"));
    }

    private void addExecution(String flow, String provider) {
        adminOk(
                "POST",
                "/authentication/flows/" + encodePath(flow) + "/executions/execution",
                Map.of("provider", provider));
    }

    /** Adds the "Active tenant" mapper ({@code oidc-tenant-mapper}, claim {@code tenant}) to a client. */
    public void addActiveTenantMapper(String clientUuid) {
        adminCreate(
                "/clients/" + clientUuid + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of(
                                "claim.name",
                                "tenant",
                                "access.token.claim",
                                "true",
                                "id.token.claim",
                                "true",
                                "userinfo.token.claim",
                                "true",
                                "introspection.token.claim",
                                "true")));
    }

    /**
     * Installs one client-policy profile and one policy per tag: the policy matches clients whose attribute
     * {@code tenancy.refresh.policy} equals the tag, and its profile holds the executor {@code tenancy-refresh-rotation}
     * with that configuration (e.g. {@code graceSeconds}); a list instead of a configuration is taken as the
     * profile's executors as they are. Replaces the realm's client profiles and policies.
     */
    public void installRefreshRotationPolicies(Map<String, ?> configurationByTag) {
        List<Map<String, Object>> profiles = new java.util.ArrayList<>();
        List<Map<String, Object>> policies = new java.util.ArrayList<>();
        configurationByTag.forEach((tag, configuration) -> {
            String profile = "refresh-" + tag;
            // a map: our executor's configuration; a list: the profile's executors as they are
            Object executors = configuration instanceof List<?>
                    ? configuration
                    : List.of(Map.of("executor", "tenancy-refresh-rotation", "configuration", configuration));
            profiles.add(Map.of("name", profile, "description", "Refresh rotation: " + tag, "executors", executors));
            policies.add(Map.of(
                    "name",
                    profile,
                    "enabled",
                    true,
                    "conditions",
                    List.of(Map.of(
                            "condition",
                            "client-attributes",
                            "configuration",
                            Map.of("attributes", "[{\"key\":\"tenancy.refresh.policy\",\"value\":\"" + tag + "\"}]"))),
                    "profiles",
                    List.of(profile)));
        });
        adminOk("PUT", "/client-policies/profiles", Map.of("profiles", profiles));
        adminOk("PUT", "/client-policies/policies", Map.of("policies", policies));
    }

    /** Replaces the {@code tenancy.policy.*} attributes of an organization (as a realm admin in the console would). */
    public Http.Response putTenantPolicyAttributes(String organizationId, Map<String, List<String>> policyAttributes) {
        Map<String, Object> organization =
                adminCall("GET", "/organizations/" + organizationId, null).json();
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        Object current = organization.get("attributes");
        if (current instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (!String.valueOf(k).startsWith("tenancy.policy.")) {
                    attributes.put(String.valueOf(k), v);
                }
            });
        }
        attributes.putAll(policyAttributes);
        organization.put("attributes", attributes);
        return adminCall("PUT", "/organizations/" + organizationId, organization);
    }

    private static String encodePath(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    // ---- OIDC ----

    public Http.Response passwordGrant(String clientId, String username, String scope) {
        return Http.form(
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
                        scope));
    }

    public Http.Response refreshGrant(String clientId, String refreshToken, String... extraFields) {
        Map<String, String> fields =
                Http.fields("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken);
        fields.putAll(Http.fields(extraFields));
        return Http.form(tokenEndpoint(), fields);
    }
}

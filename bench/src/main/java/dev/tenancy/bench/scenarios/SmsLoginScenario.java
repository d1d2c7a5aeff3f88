package dev.tenancy.bench.scenarios;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.SmsSink;
import dev.tenancy.testsupport.Totp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an SMS code costs a login next to an authenticator-app code: a whole browser login (authorization code flow,
 * password page, second-factor page, code exchange) into a tenant that requires MFA, A: by TOTP ({@code otp}),
 * B: by SMS ({@code sms}, through the webhook gateway to an {@link SmsSink} in the bench process). One user per
 * worker, member of both tenants, holding both factors (set up in setUp through the real setup pages). The realm
 * allows a TOTP code to be used again (8 workers log in many times per 30 s period) and the SMS limits are at their
 * maxima, so that neither refuses the load.
 */
public final class SmsLoginScenario implements Scenario {

    private static final String REALM = "bench-sms-login";
    private static final String CLIENT = "app";
    private static final String REDIRECT = "http://localhost/callback";
    private static final String MFA = "bench mfa";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private SmsSink gateway;

    @Override
    public String name() {
        return "sms-login";
    }

    @Override
    public String description() {
        return "browser login (code flow) with password and a second factor into a tenant requiring MFA; A: TOTP code, "
                + "B: SMS code through the webhook gateway (a local fake); one user per worker";
    }

    @Override
    public Comparison setUp(BenchContext context) throws Exception {
        gateway = SmsSink.start();
        BenchRealm realm = context.createRealm(REALM);
        // the OTP policy is applied as a whole (with its type), so all of it is sent: Keycloak's defaults, reusable
        realm.update(Map.of(
                "organizationsEnabled",
                true,
                "otpPolicyType",
                "totp",
                "otpPolicyAlgorithm",
                "HmacSHA1",
                "otpPolicyDigits",
                6,
                "otpPolicyPeriod",
                30,
                "otpPolicyLookAheadWindow",
                1,
                "otpPolicyInitialCounter",
                0,
                "otpPolicyCodeReusable",
                true));
        realm.createPublicClient(CLIENT, List.of(BenchRealm.activeTenantMapper()));
        installFlow(context, realm);
        String otp = realm.createOrganization(
                "apps",
                "Apps",
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("otp")));
        String sms = realm.createOrganization(
                "texts",
                "Texts",
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("sms")));
        List<BrowserlessLogin.FieldSource> apps = new ArrayList<>();
        List<BrowserlessLogin.FieldSource> phones = new ArrayList<>();
        for (int i = 0; i < context.workers(); i++) {
            String username = "user-" + i;
            String userId = realm.createUserWithId(username);
            realm.addMember(otp, userId);
            realm.addMember(sms, userId);
            Totp setup = new Totp(username, BenchRealm.PASSWORD);
            login(context, realm, "apps", setup); // sets TOTP up through CONFIGURE_TOTP
            String secret = setup.secret();
            // the current step's code every time (the realm lets a code be used again; Totp itself would wait for
            // a fresh step, which is right for a test and wrong for a load)
            apps.add(page -> {
                Map<String, String> values = Http.fields("username", username, "password", BenchRealm.PASSWORD);
                if (page.contains("name=\"otp\"")) {
                    values.put("otp", Totp.code(secret, System.currentTimeMillis() / 1000));
                }
                return values;
            });
            String number = String.format("+49151%08d", i);
            BrowserlessLogin.FieldSource phone = page -> {
                Map<String, String> values = Http.fields("username", username, "password", BenchRealm.PASSWORD);
                if (page.contains("name=\"tenancy-sms-phone\"")) {
                    values.put("tenancy-sms-phone", number);
                } else if (page.contains("name=\"tenancy-sms-code\"")) {
                    Matcher code = CODE.matcher(
                            gateway.nextTo(number, Duration.ofSeconds(30)).text());
                    values.put("tenancy-sms-code", code.find() ? code.group(1) : "");
                }
                return values;
            };
            login(context, realm, "texts", phone); // enrols the number
            phones.add(phone);
        }
        return new Comparison(
                new Configuration("password + TOTP", worker -> login(context, realm, "apps", apps.get(worker))),
                new Configuration("password + SMS", worker -> login(context, realm, "texts", phones.get(worker))));
    }

    /** One browser login into {@code tenant}, then the code exchange (the response the bench times and checks). */
    private static HttpResponse<String> login(
            BenchContext context, BenchRealm realm, String tenant, BrowserlessLogin.FieldSource user) throws Exception {
        BrowserlessLogin browser = new BrowserlessLogin(realm.url(), CLIENT, REDIRECT);
        BrowserlessLogin.Result result = browser.authorize("openid organization:" + tenant, user);
        if (!result.ok()) {
            throw new IllegalStateException(
                    "login into " + tenant + ": " + result.error() + " " + result.errorDescription());
        }
        return context.postForm(
                realm.tokenEndpoint(),
                Http.fields(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        CLIENT,
                        "code",
                        result.code(),
                        "redirect_uri",
                        REDIRECT,
                        "code_verifier",
                        result.codeVerifier()));
    }

    /** The tenant-policy browser flow: forms, "Tenant selection", "Tenant policy", the MFA sub-flow (OTP, SMS). */
    private void installFlow(BenchContext context, BenchRealm realm) {
        String top = "bench browser";
        realm.create(
                "/authentication/flows",
                Map.of("alias", top, "providerId", "basic-flow", "topLevel", true, "builtIn", false));
        addExecution(realm, top, "auth-username-password-form");
        addExecution(realm, top, "tenancy-tenant-selector");
        addExecution(realm, top, "tenancy-tenant-policy");
        BenchRealm.expect(
                201,
                "sub-flow",
                realm.admin(
                        "POST",
                        "/authentication/flows/" + path(top) + "/executions/flow",
                        Map.of("alias", MFA, "type", "basic-flow", "provider", "registration-page-form")));
        addExecution(realm, MFA, "tenancy-condition-tenant-mfa");
        addExecution(realm, MFA, "auth-otp-form");
        addExecution(realm, MFA, "tenancy-sms-otp");
        Map<String, String> requirements =
                Map.of(MFA, "CONDITIONAL", "auth-otp-form", "ALTERNATIVE", "tenancy-sms-otp", "ALTERNATIVE");
        for (Object item : realm.admin("GET", "/authentication/flows/" + path(top) + "/executions", null)
                .jsonList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> execution = new java.util.LinkedHashMap<>((Map<String, Object>) item);
            String name = Boolean.TRUE.equals(execution.get("authenticationFlow"))
                    ? String.valueOf(execution.get("displayName"))
                    : String.valueOf(execution.get("providerId"));
            execution.put("requirement", requirements.getOrDefault(name, "REQUIRED"));
            BenchRealm.expect(
                    204,
                    "requirement",
                    realm.admin("PUT", "/authentication/flows/" + path(top) + "/executions", execution));
            if ("tenancy-sms-otp".equals(name)) {
                realm.create(
                        "/authentication/executions/" + execution.get("id") + "/config",
                        Map.of(
                                "alias",
                                "bench-sms",
                                "config",
                                Map.of(
                                        "tenancy.sms.url",
                                        gateway.webhookUrl(),
                                        "tenancy.sms.resend-cooldown-seconds",
                                        "0",
                                        "tenancy.sms.max-per-user",
                                        "100",
                                        "tenancy.sms.max-per-ip",
                                        "1000",
                                        "tenancy.sms.rate-window-seconds",
                                        "60")));
            }
        }
        BenchRealm.expect(
                204,
                "register tenancy-sms-phone",
                realm.admin(
                        "POST",
                        "/authentication/register-required-action",
                        Map.of("providerId", "tenancy-sms-phone", "name", "Set up SMS one-time codes")));
        realm.update(Map.of("browserFlow", top));
    }

    private static void addExecution(BenchRealm realm, String flow, String provider) {
        BenchRealm.expect(
                201,
                "execution " + provider,
                realm.admin(
                        "POST",
                        "/authentication/flows/" + path(flow) + "/executions/execution",
                        Map.of("provider", provider)));
    }

    private static String path(String alias) {
        return alias.replace(" ", "%20");
    }

    @Override
    public void tearDown(BenchContext context) {
        context.removeRealm(REALM);
        if (gateway != null) {
            gateway.close();
        }
    }
}

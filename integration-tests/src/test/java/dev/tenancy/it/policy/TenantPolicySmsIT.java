package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.accessClaims;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tenantAlias;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.FuzzInputs;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.SmsSink;
import dev.tenancy.testsupport.SmtpSink;
import dev.tenancy.testsupport.TestRealm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second factor "SMS one-time code" ({@code tenancy-sms-otp}) for tenants that allow {@code sms}, with the
 * realm's gateway pointed at {@link SmsSink}: enrolment by the required action {@code tenancy-sms-phone} (malformed and
 * premium-rate numbers refused, the number verified by a code), login with the texted code (amr {@code otp}), codes
 * wrong, used twice, of another user, expired, guessed too often; the per-user and per-IP limits (the gateway is not
 * called); a failing or hanging gateway (a clear page, another allowed factor offered); the Twilio-style API; the
 * step-up at a tenant switch; a realm admin's reset of a lost phone (Keycloak's credential removal) and the
 * enrolment that follows.
 */
@KeycloakIntegrationTest
public class TenantPolicySmsIT {

    static final String APP = "sms-app";
    static final String FLOW = "tenancy policy browser";
    static final String PHONE_FIELD = "tenancy-sms-phone";
    static final String CODE_FIELD = "tenancy-sms-code";
    static final String RESEND = "tenancy-sms-code-resend";
    static final String EMAIL_CODE_FIELD = "tenancy-email-code";
    static final String CHOICE_FIELD = "tenancy-mfa-method";
    public static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    static final Duration SMS_WAIT = Duration.ofSeconds(30);
    static final String NUMBER = "+4915100000";

    static SmsSink gateway;
    static Map<String, String> baseConfig;

    @BeforeAll
    static void setUp(TestRealm realm) {
        gateway = SmsSink.start();
        prepare(realm, gateway);
    }

    /**
     * Tenants {@code texted} (MFA by {@code sms}, recovery codes as fallback), {@code either} ({@code sms} or
     * {@code email}) and {@code plain}; the test users in all three; the tenant-policy browser flow with the SMS
     * factor configured for {@code sink}'s webhook; the setup action registered.
     */
    static void prepare(TestRealm realm, SmsSink sink) {
        realm.saveEvents("LOGIN", "LOGIN_ERROR", "UPDATE_CREDENTIAL_ERROR");
        Map<String, Object> representation = realm.adminCall("GET", "", null).json();
        representation.put("displayName", "Texted Realm");
        realm.adminOk("PUT", "", representation);
        TenantPolicyFixtures.createAppClient(realm, APP);
        String texted = realm.createOrganization("texted", "Texted Codes", "texted.test");
        String either = realm.createOrganization("either", "SMS or Mail", "either.test");
        String plain = realm.createOrganization("plain", "Plain Inc", "plain.test");
        String choosy = realm.createOrganization("choosy", "App or Text", "choosy.test");
        TenantPolicyFixtures.setPolicy(
                realm,
                texted,
                Map.of(
                        "tenancy.policy.mfa",
                        List.of("all"),
                        "tenancy.policy.mfa.methods",
                        List.of("sms", "recovery-codes")));
        TenantPolicyFixtures.setPolicy(
                realm,
                either,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("sms", "email")));
        TenantPolicyFixtures.setPolicy(
                realm,
                choosy,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("otp", "sms")));
        for (String user : List.of(
                "enrol",
                "alice",
                "bob",
                "late",
                "guesser",
                "flooder",
                "crowd",
                "failing",
                "twilio",
                "switcher",
                "lost",
                "browser",
                "fuzzer",
                "rescued",
                "detour",
                "chooser",
                "stepper",
                "chooser-en",
                "chooser-de")) {
            String id = realm.createUser(user, user + "@example.test");
            realm.addMember(texted, id);
            realm.addMember(either, id);
            realm.addMember(plain, id);
            if (user.startsWith("chooser")) {
                realm.addMember(choosy, id);
            }
        }
        realm.installBrowserFlowWithTenantPolicies();
        // the SMS factor beside the others, configured with the realm's gateway (and the amr reference value, as
        // TestRealm's)
        realm.adminOk(
                "POST",
                "/authentication/flows/" + path("tenancy tenant mfa") + "/executions/execution",
                Map.of("provider", "tenancy-sms-otp"));
        realm.adminOk(
                "POST",
                "/authentication/flows/" + path("tenancy tenant mfa") + "/executions/execution",
                Map.of("provider", "auth-recovery-authn-code-form"));
        for (String provider : List.of("auth-recovery-authn-code-form", "tenancy-sms-otp")) {
            Map<String, Object> factor = execution(realm, provider);
            factor.put("requirement", "ALTERNATIVE");
            realm.adminOk("PUT", "/authentication/flows/" + path(FLOW) + "/executions", factor);
        }
        Map<String, Object> sms = execution(realm, "tenancy-sms-otp");
        baseConfig = new LinkedHashMap<>(Map.of(
                "tenancy.sms.gateway",
                "webhook",
                "tenancy.sms.url",
                sink.webhookUrl(),
                "tenancy.sms.auth-header",
                "Bearer sms-test-secret",
                "tenancy.sms.resend-cooldown-seconds",
                "0",
                "tenancy.sms.max-per-user",
                "100",
                "tenancy.sms.max-per-ip",
                "1000",
                "tenancy.sms.rate-window-seconds",
                "86400",
                "tenancy.sms.timeout-ms",
                "10000",
                "default.reference.value",
                "otp",
                // Keycloak keeps a reference value in amr for maxAge seconds after the step: 0 (the default) drops it
                // when the token is issued a second after the code was entered (AmrUtils.isAmrValid)
                "default.reference.maxAge",
                "36000"));
        realm.adminOk(
                "POST",
                "/authentication/executions/" + sms.get("id") + "/config",
                Map.of("alias", "sms-" + System.nanoTime(), "config", baseConfig));
        Http.Response registered = realm.adminCall(
                "POST",
                "/authentication/register-required-action",
                Map.of("providerId", "tenancy-sms-phone", "name", "Set up SMS one-time codes"));
        assertThat(registered.status()).as(registered.toString()).isIn(204, 409);
        Http.Response choice = realm.adminCall(
                "POST",
                "/authentication/register-required-action",
                Map.of("providerId", "tenancy-mfa-setup-choice", "name", "Choose a second factor (tenant policy)"));
        assertThat(choice.status()).as(choice.toString()).isIn(204, 409);
    }

    @AfterAll
    static void closeGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void emptyGateway() {
        gateway.answer();
        gateway.clear();
    }

    @AfterEach
    void restoreConfig(TestRealm realm) {
        gateway.answer();
        setSmsConfig(realm, baseConfig);
    }

    /** A user who types the password, then on each SMS page (phone or code) does what {@code onSmsPage} says. */
    static final class TextedUser implements BrowserlessLogin.FieldSource {
        final String username;
        final Function<String, Map<String, String>> onSmsPage;
        final List<String> smsPages = new ArrayList<>();

        TextedUser(String username, Function<String, Map<String, String>> onSmsPage) {
            this.username = username;
            this.onSmsPage = onSmsPage;
        }

        @Override
        public Map<String, String> valuesFor(String page) {
            Map<String, String> values = Http.fields("username", username, "password", TestRealm.PASSWORD);
            if (page.contains("name=\"" + CODE_FIELD + "\"") || page.contains("name=\"" + PHONE_FIELD + "\"")) {
                smsPages.add(page);
                values.putAll(onSmsPage.apply(page));
            }
            return values;
        }

        int pages() {
            return smsPages.size();
        }
    }

    /** The code of the next SMS, which must go to {@code number}; the page that asks for it must not hold it. */
    static String nextCode(String number) {
        SmsSink.Sms sms = gateway.next(SMS_WAIT);
        assertThat(sms.to()).isEqualTo(number);
        assertThat(sms.text()).contains("Texted Realm");
        Matcher code = CODE.matcher(sms.text());
        assertThat(code.find()).as("a 6-digit code in %s", sms.text()).isTrue();
        return code.group(1);
    }

    static String wrong(String code) {
        return code.substring(0, 5) + (char) ('0' + (code.charAt(5) - '0' + 1) % 10);
    }

    static boolean isPhonePage(String page) {
        return page.contains("name=\"" + PHONE_FIELD + "\"");
    }

    /** Enrols {@code username} with {@code number} at a first login into {@code texted}. */
    static void enrol(TestRealm realm, String username, String number) {
        String[] code = new String[1];
        TextedUser user = new TextedUser(username, page -> {
            if (isPhonePage(page)) {
                return Map.of(PHONE_FIELD, number);
            }
            code[0] = nextCode(number);
            return Map.of(CODE_FIELD, code[0]);
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(browser, browser.authorize("openid organization:texted", user));
        assertThat(user.pages()).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMemberEnrolsAVerifiedNumberAtFirstLoginThenSignsInWithTheTextedCode(TestRealm realm) {
        String[] code = new String[1];
        int[] pageNumber = new int[1];
        TextedUser enrolling = new TextedUser("enrol", page -> {
            switch (++pageNumber[0]) {
                case 1 -> {
                    assertThat(page).contains("Set up sign-in codes by SMS");
                    return Map.of(PHONE_FIELD, "+49 900 1234567"); // premium rate
                }
                case 2 -> {
                    assertThat(page).contains("premium-rate or service numbers are not allowed");
                    return Map.of(PHONE_FIELD, "12345"); // a short code
                }
                case 3 -> {
                    assertThat(page).contains("in international format, with + and the country code");
                    return Map.of(PHONE_FIELD, "+49 (151) 0000-0001");
                }
                case 4 -> {
                    assertThat(page).contains("+49\u202601");
                    code[0] = nextCode("+4915100000001");
                    assertThat(page).doesNotContain(code[0]);
                    return Map.of(CODE_FIELD, wrong(code[0]));
                }
                default -> {
                    assertThat(page).contains("Invalid code.");
                    return Map.of(CODE_FIELD, code[0]);
                }
            }
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(browser, browser.authorize("openid organization:texted", enrolling));
        assertThat(enrolling.pages()).isEqualTo(5);
        assertThat(gateway.calls()).as("nothing sent to refused numbers").isEqualTo(1);
        Map<String, Object> credential = smsCredential(realm, "enrol");
        assertThat(credential).as("the verified number is a credential").isNotNull();
        assertThat((String) credential.get("credentialData")).contains("+4915100000001");
        assertThat(realm.adminCall("GET", "/events?type=UPDATE_CREDENTIAL_ERROR&user=" + userId(realm, "enrol"), null)
                        .body())
                .contains("invalid_input");

        // the next login texts a new code; the enrolment's code does not open it
        String[] second = new String[1];
        TextedUser again = new TextedUser("enrol", page -> {
            if (second[0] == null) {
                assertThat(page).contains("Enter the code we texted you");
                second[0] = nextCode("+4915100000001");
                return Map.of(CODE_FIELD, code[0]);
            }
            assertThat(page).contains("Invalid code.");
            return Map.of(CODE_FIELD, second[0]);
        });
        BrowserlessLogin next = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> claims =
                accessClaims(realm, tokens(next, next.authorize("openid organization:texted", again)));
        assertThat(again.pages()).isEqualTo(2);
        assertThat(tenantAlias(claims)).isEqualTo("texted");
        assertThat((List<String>) claims.get("amr")).contains("pwd", "otp");
    }

    @Test
    void aCodeWorksOnceAndOnlyInItsOwnLoginNotInAnotherUsers(TestRealm realm) {
        enrol(realm, "alice", NUMBER + "0002");
        enrol(realm, "bob", NUMBER + "0003");
        // alice's login gets a code; bob's login gets his own; alice's code does not open bob's login
        String[] aliceCode = new String[1];
        TextedUser alice = new TextedUser("alice", page -> {
            aliceCode[0] = nextCode(NUMBER + "0002");
            return Map.of(CODE_FIELD, aliceCode[0]);
        });
        BrowserlessLogin aliceBrowser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(aliceBrowser, aliceBrowser.authorize("openid organization:texted", alice));
        String[] bobCode = new String[1];
        TextedUser bob = new TextedUser("bob", page -> {
            if (bobCode[0] == null) {
                bobCode[0] = nextCode(NUMBER + "0003");
                return Map.of(CODE_FIELD, aliceCode[0]);
            }
            assertThat(page).contains("Invalid code.");
            return Map.of(CODE_FIELD, bobCode[0]);
        });
        BrowserlessLogin bobBrowser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(bobBrowser, bobBrowser.authorize("openid organization:texted", bob));
        assertThat(bob.pages()).isEqualTo(2);
    }

    @Test
    void anExpiredCodeIsRefusedAndANewOneCanBeSent(TestRealm realm) {
        enrol(realm, "late", NUMBER + "0004");
        setSmsConfig(realm, Map.of("tenancy.sms.ttl-seconds", "30"));
        String[] code = new String[2];
        TextedUser user = new TextedUser("late", page -> {
            if (code[0] == null) {
                code[0] = nextCode(NUMBER + "0004");
                TenantPolicyEmailCodeIT.sleep(Duration.ofSeconds(32));
                return Map.of(CODE_FIELD, code[0]);
            }
            if (code[1] == null && page.contains("The code has expired. Text a new code.")) {
                code[1] = "";
                return Map.of(RESEND, "true");
            }
            assertThat(page).contains("A new code is on its way.");
            return Map.of(CODE_FIELD, nextCode(NUMBER + "0004"));
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(browser, browser.authorize("openid organization:texted", user));
        assertThat(user.pages()).isEqualTo(3);
    }

    @Test
    void tooManyWrongEntriesVoidTheCodeAndEachIsAFailedLogin(TestRealm realm) {
        enrol(realm, "guesser", NUMBER + "0005");
        String[] code = new String[1];
        int[] pages = new int[1];
        TextedUser user = new TextedUser("guesser", page -> {
            int before = pages[0]++;
            if (before == 0) {
                code[0] = nextCode(NUMBER + "0005");
            }
            if (before < 5) { // the default allows 5 wrong entries per code
                return Map.of(CODE_FIELD, wrong(code[0]));
            }
            if (before == 5) {
                assertThat(page).contains("Too many wrong codes. Text a new code.");
                return Map.of(CODE_FIELD, code[0]); // the right one, too late
            }
            if (before == 6) {
                assertThat(page).contains("There is no valid code. Text a new code.");
                return Map.of(RESEND, "true");
            }
            return Map.of(CODE_FIELD, nextCode(NUMBER + "0005"));
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(browser, browser.authorize("openid organization:texted", user));
        assertThat(user.pages()).isEqualTo(8);
        assertThat(realm.adminCall("GET", "/events?type=LOGIN_ERROR&user=" + userId(realm, "guesser"), null)
                        .body())
                .contains("invalid_user_credentials");
    }

    @Test
    void aFloodOfCodesForOneUserHitsTheLimitAndTheGatewayIsNotCalled(TestRealm realm) {
        enrol(realm, "flooder", NUMBER + "0006");
        setSmsConfig(realm, Map.of("tenancy.sms.max-per-user", "3")); // the enrolment used one
        gateway.clear();
        TextedUser user = new TextedUser("flooder", page -> {
            if (page.contains("Too many codes were requested")) {
                return Map.of(CODE_FIELD, "000000"); // any: ends the login below with a wrong code page
            }
            return Map.of(RESEND, "true");
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result result = browser.authorize("openid organization:texted", user);
        assertThat(result.ok()).isFalse();
        String limited = user.smsPages.stream()
                .filter(p -> p.contains("Too many codes were requested"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rate-limit page"));
        assertThat(limited).contains("No text was sent");
        assertThat(gateway.calls())
                .as("the login's first code and one resend; the third was refused")
                .isEqualTo(2);
        // the limit holds for a new login too (per user, not per login), and still nothing reaches the gateway
        TextedUser later = new TextedUser("flooder", page -> Map.of(CODE_FIELD, "000000"));
        BrowserlessLogin other = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(other.authorize("openid organization:texted", later).ok()).isFalse();
        assertThat(later.smsPages.get(0)).contains("Too many codes were requested");
        assertThat(gateway.calls()).isEqualTo(2);
        assertThat(realm.adminCall("GET", "/events?type=LOGIN_ERROR&user=" + userId(realm, "flooder"), null)
                        .body())
                .contains("slow_down");
    }

    @Test
    void aFloodFromOneAddressHitsThePerIpLimit(TestRealm realm) {
        enrol(realm, "crowd", NUMBER + "0007");
        setSmsConfig(realm, Map.of("tenancy.sms.max-per-ip", "1")); // earlier tests of this class used more
        gateway.clear();
        TextedUser user = new TextedUser("crowd", page -> Map.of(CODE_FIELD, "000000"));
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(browser.authorize("openid organization:texted", user).ok()).isFalse();
        assertThat(user.smsPages.get(0)).contains("Too many codes were requested");
        assertThat(gateway.calls()).isZero();
    }

    @Test
    void aFailingOrHangingGatewayGivesAClearPageAndOffersAnotherAllowedFactor(TestRealm realm) {
        enrol(realm, "failing", NUMBER + "0008");
        gateway.clear();
        gateway.failWith(503);
        TextedUser user = new TextedUser("failing", page -> Map.of(CODE_FIELD, "000000"));
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(browser.authorize("openid organization:either", user).ok()).isFalse();
        String failed = user.smsPages.get(0);
        assertThat(failed).contains("The code could not be sent by SMS");
        assertThat(failed)
                .as("Keycloak's 'Try another way': the verified e-mail is allowed here")
                .contains("kc-select-try-another-way-form");
        assertThat(gateway.calls()).isEqualTo(1);

        gateway.answer();
        gateway.hang();
        setSmsConfig(realm, Map.of("tenancy.sms.timeout-ms", "1000"));
        TextedUser waiting = new TextedUser("failing", page -> Map.of(CODE_FIELD, "000000"));
        BrowserlessLogin again = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(again.authorize("openid organization:either", waiting).ok()).isFalse();
        assertThat(waiting.smsPages.get(0))
                .contains("The code could not be sent by SMS")
                .contains("kc-select-try-another-way-form");
        gateway.answer();
    }

    @Test
    void theTwilioStyleGatewaySendsWithBasicAuth(TestRealm realm) {
        enrol(realm, "twilio", NUMBER + "0009");
        setSmsConfig(
                realm,
                Map.of(
                        "tenancy.sms.gateway",
                        "twilio",
                        "tenancy.sms.url",
                        gateway.twilioBaseUrl(),
                        "tenancy.sms.twilio-account",
                        "AC0123",
                        "tenancy.sms.twilio-token",
                        "twilio-token",
                        "tenancy.sms.sender",
                        "+15005550006"));
        TextedUser user = new TextedUser("twilio", page -> {
            SmsSink.Sms sms = gateway.next(SMS_WAIT);
            assertThat(sms.api()).isEqualTo("twilio");
            assertThat(sms.account()).isEqualTo("AC0123");
            assertThat(sms.from()).isEqualTo("+15005550006");
            assertThat(sms.to()).isEqualTo(NUMBER + "0009");
            assertThat(sms.authorization())
                    .isEqualTo("Basic "
                            + Base64.getEncoder()
                                    .encodeToString("AC0123:twilio-token".getBytes(StandardCharsets.UTF_8)));
            Matcher code = CODE.matcher(sms.text());
            assertThat(code.find()).isTrue();
            return Map.of(CODE_FIELD, code.group(1));
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantAlias(
                        accessClaims(realm, tokens(browser, browser.authorize("openid organization:texted", user)))))
                .isEqualTo("texted");
    }

    @Test
    void aSwitchIntoAnSmsTenantIsRefusedWithoutTheFactorAndWorksAfterStepUpBySms(TestRealm realm) {
        enrol(realm, "switcher", NUMBER + "0010");
        TextedUser user = new TextedUser("switcher", page -> Map.of(CODE_FIELD, nextCode(NUMBER + "0010")));
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        String refreshToken = tokens(browser, browser.authorize("openid organization:plain", user))
                .string("refresh_token");
        assertThat(user.pages()).as("no factor for plain").isZero();

        Http.Response refused = realm.refreshGrant(APP, refreshToken, "tenant", "texted");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.string("error")).isEqualTo("interaction_required");

        Map<String, Object> stepUp =
                accessClaims(realm, tokens(browser, browser.authorize("openid organization:texted", user)));
        assertThat(user.pages()).isEqualTo(1);
        assertThat(stepUp.get("sid"))
                .isEqualTo(Jwks.decodeUnverified(refreshToken).get("sid"));

        Http.Response switched = realm.refreshGrant(APP, refreshToken, "tenant", "texted");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        assertThat(tenantAlias(Jwks.verify(realm.url(), switched.string("access_token"))))
                .isEqualTo("texted");
    }

    @Test
    void aRealmAdminResetsALostPhoneWithKeycloaksCredentialRemovalAndTheNextLoginEnrolsAgain(TestRealm realm) {
        enrol(realm, "lost", NUMBER + "0011");
        Map<String, Object> credential = smsCredential(realm, "lost");
        realm.adminOk("DELETE", "/users/" + userId(realm, "lost") + "/credentials/" + credential.get("id"), null);
        assertThat(smsCredential(realm, "lost")).isNull();
        enrol(realm, "lost", NUMBER + "0012"); // asserts the phone page, then the code page
        assertThat((String) smsCredential(realm, "lost").get("credentialData")).contains(NUMBER + "0012");
    }

    /**
     * Recovery codes are a fallback that counts only where the tenant names it: a member who set them up before the
     * SMS number (Keycloak then offers them first) enters {@code texted} (sms, recovery-codes) with a recovery code,
     * and is asked for the texted code in {@code either} (sms, email), where the recovery codes are skipped.
     */
    @Test
    @SuppressWarnings("unchecked")
    void recoveryCodesCountOnlyWhereTheTenantAllowsThem(TestRealm realm) {
        List<String> recoveryCodes = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        BrowserlessLogin.FieldSource rescued =
                recoveryCodesAndSms(realm, "rescued", NUMBER + "0014", recoveryCodes, shown);
        BrowserlessLogin first = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(first, first.authorize("openid organization:texted", rescued));
        assertThat(shown)
                .as("recovery codes first (the user's required action), then the SMS setup")
                .containsExactly("setup", "phone", "sms");
        assertThat(recoveryCodes).hasSizeGreaterThan(1);

        shown.clear();
        BrowserlessLogin second = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> texted =
                accessClaims(realm, tokens(second, second.authorize("openid organization:texted", rescued)));
        assertThat(shown).as("a tenant that allows recovery codes takes one").containsExactly("recovery");
        assertThat(tenantAlias(texted)).isEqualTo("texted");

        shown.clear();
        BrowserlessLogin third = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> either =
                accessClaims(realm, tokens(third, third.authorize("openid organization:either", rescued)));
        assertThat(shown)
                .as("a tenant that does not allow them asks for the SMS code")
                .containsExactly("sms");
        assertThat(tenantAlias(either)).isEqualTo("either");
    }

    /**
     * The fuzzer's inputs ({@link FuzzInputs}, seeded; {@code -Dtenancy.fuzz.seed=N} repeats a run) at the phone and
     * code fields: every answer is a page (or Keycloak's 4xx), never a 5xx; no text goes to a malformed number; no
     * hostile code opens the login.
     */
    @Test
    void hostileInputsAtTheSmsFormsGetAPageNeverA5xxAndSendNothing(TestRealm realm) {
        long seed = Long.getLong("tenancy.fuzz.seed", new java.security.SecureRandom().nextLong());
        System.out.println("TenantPolicySmsIT: fuzz seed " + seed);
        FuzzInputs in = new FuzzInputs(seed);
        TextedUser numbers = new TextedUser("fuzzer", page -> Map.of(PHONE_FIELD, in.string()));
        BrowserlessLogin phonePages = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result phoneResult = phonePages.authorize("openid organization:texted", numbers);
        assertThat(phoneResult.ok()).isFalse();
        assertThat(phoneResult.errorDescription())
                .as("seed %d: %s", seed, phoneResult.lastPage())
                .doesNotContain("HTTP 5");
        assertThat(numbers.pages()).isGreaterThan(1);
        assertThat(gateway.calls())
                .as("seed %d: no text to a malformed number", seed)
                .isZero();

        enrol(realm, "fuzzer", NUMBER + "0013");
        gateway.clear();
        TextedUser codes = new TextedUser("fuzzer", page -> Map.of(CODE_FIELD, in.string()));
        BrowserlessLogin codePages = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result codeResult = codePages.authorize("openid organization:texted", codes);
        assertThat(codeResult.ok())
                .as("seed %d: a hostile code opened the login", seed)
                .isFalse();
        assertThat(codeResult.errorDescription()).as("seed %d", seed).doesNotContain("HTTP 5");
        assertThat(gateway.calls())
                .as("one code sent, none for the hostile entries")
                .isEqualTo(1);
    }

    // ---- helpers ----

    static String path(String flowAlias) {
        return flowAlias.replace(" ", "%20");
    }

    static String userId(TestRealm realm, String username) {
        return TenantPolicyEmailCodeIT.userId(realm, username);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> smsCredential(TestRealm realm, String username) {
        return realm.adminCall("GET", "/users/" + userId(realm, username) + "/credentials", null).jsonList().stream()
                .map(c -> (Map<String, Object>) c)
                .filter(c -> "tenancy.sms-phone".equals(c.get("type")))
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> execution(TestRealm realm, String providerId) {
        return realm.adminCall("GET", "/authentication/flows/" + path(FLOW) + "/executions", null).jsonList().stream()
                .map(e -> new LinkedHashMap<>((Map<String, Object>) e))
                .filter(e -> providerId.equals(e.get("providerId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + providerId + " execution"));
    }

    @Test
    void aFailingGatewayLetsTheMemberTryAnotherWayAndSignInWithAnEmailedCode(TestRealm realm) throws Exception {
        enrol(realm, "detour", NUMBER + "0015");
        gateway.clear();
        gateway.failWith(503);
        String emailExecution = (String) execution(realm, "tenancy-email-otp").get("id");
        List<String> shown = new ArrayList<>();
        try (SmtpSink mailbox = SmtpSink.start()) {
            setSmtp(realm, mailbox.realmSmtpSettings("noreply@tenancy.test"));
            BrowserlessLogin.FieldSource detour = page -> {
                Map<String, String> values = Http.fields("username", "detour", "password", TestRealm.PASSWORD);
                if (page.contains("name=\"" + CODE_FIELD + "\"")) {
                    shown.add("sms");
                    assertThat(page).contains("The code could not be sent by SMS");
                    values.put(BrowserlessLogin.FieldSource.FORM_ID, "kc-select-try-another-way-form");
                } else if (page.contains("name=\"authenticationExecution\"")) {
                    shown.add("choose");
                    assertThat(page)
                            .as("offers the e-mail code the tenant allows")
                            .contains(emailExecution);
                    values.put(BrowserlessLogin.FieldSource.FORM_HOLDING, "authenticationExecution=" + emailExecution);
                } else if (page.contains("name=\"" + EMAIL_CODE_FIELD + "\"")) {
                    shown.add("email");
                    Matcher code = CODE.matcher(mailbox.next(SMS_WAIT).text());
                    assertThat(code.find()).isTrue();
                    values.put(EMAIL_CODE_FIELD, code.group(1));
                }
                return values;
            };
            BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
            Map<String, Object> claims =
                    accessClaims(realm, tokens(browser, browser.authorize("openid organization:either", detour)));
            assertThat(shown)
                    .as("the SMS page, Keycloak's 'Try another way', the e-mailed code")
                    .containsExactly("sms", "choose", "email");
            assertThat(tenantAlias(claims)).isEqualTo("either");
            assertThat(gateway.calls()).as("the gateway was tried once").isEqualTo(1);
        } finally {
            setSmtp(realm, Map.of());
        }
    }

    /**
     * {@code choosy} allows {@code otp} and {@code sms}; the realm can also set up WebAuthn and passkeys (Keycloak's
     * default required actions) and recovery codes. A member with none of the allowed factors chooses among exactly
     * the two allowed ones; a forged choice of another method is refused on the same page.
     */
    @Test
    void aMemberWithoutAFactorChoosesAmongOnlyTheMethodsTheTenantAllows(TestRealm realm) {
        String number = NUMBER + "0016";
        List<String> shown = new ArrayList<>();
        BrowserlessLogin.FieldSource chooser = page -> {
            Map<String, String> values = Http.fields("username", "chooser", "password", TestRealm.PASSWORD);
            if (page.contains("name=\"" + CHOICE_FIELD + "\"")) {
                List<String> offered = new ArrayList<>();
                Matcher option = Pattern.compile("name=\"" + CHOICE_FIELD + "\" value=\"([^\"]+)\"")
                        .matcher(page);
                while (option.find()) {
                    offered.add(option.group(1));
                }
                assertThat(offered).containsExactly("otp", "sms");
                boolean again = shown.contains("choice");
                shown.add(again ? "choice-again" : "choice");
                if (again) {
                    assertThat(page).contains("Choose one of the methods shown.");
                }
                values.put(CHOICE_FIELD, again ? "sms" : "webauthn");
            } else if (isPhonePage(page)) {
                shown.add("phone");
                values.put(PHONE_FIELD, number);
            } else if (page.contains("name=\"" + CODE_FIELD + "\"")) {
                shown.add("sms");
                values.put(CODE_FIELD, nextCode(number));
            }
            return values;
        };
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> claims =
                accessClaims(realm, tokens(browser, browser.authorize("openid organization:choosy", chooser)));
        assertThat(shown).containsExactly("choice", "choice-again", "phone", "sms");
        assertThat(tenantAlias(claims)).isEqualTo("choosy");
        assertThat((String) smsCredential(realm, "chooser").get("credentialData"))
                .contains(number);

        shown.clear();
        BrowserlessLogin next = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(next, next.authorize("openid organization:choosy", chooser));
        assertThat(shown)
                .as("set up: the next login asks for the code, no choice")
                .containsExactly("sms");
    }

    /**
     * A member active in {@code plain} (no MFA) who holds recovery codes and an SMS number switches into
     * {@code texted} (sms, recovery-codes): refused until a step-up, which Keycloak asks with a recovery code (set up
     * first, so offered first); the same refresh token then switches.
     */
    @Test
    void aSwitchIntoATenantThatAllowsRecoveryCodesWorksAfterStepUpByARecoveryCode(TestRealm realm) {
        List<String> recoveryCodes = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        BrowserlessLogin.FieldSource stepper =
                recoveryCodesAndSms(realm, "stepper", NUMBER + "0017", recoveryCodes, shown);
        BrowserlessLogin first = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(first, first.authorize("openid organization:texted", stepper));
        assertThat(shown).containsExactly("setup", "phone", "sms");

        shown.clear();
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        String refreshToken = tokens(browser, browser.authorize("openid organization:plain", stepper))
                .string("refresh_token");
        assertThat(shown).as("no factor for plain").isEmpty();

        Http.Response refused = realm.refreshGrant(APP, refreshToken, "tenant", "texted");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.string("error")).isEqualTo("interaction_required");

        Map<String, Object> stepUp =
                accessClaims(realm, tokens(browser, browser.authorize("openid organization:texted", stepper)));
        assertThat(shown).as("the step-up takes a recovery code").containsExactly("recovery");
        assertThat(stepUp.get("sid"))
                .isEqualTo(Jwks.decodeUnverified(refreshToken).get("sid"));

        Http.Response switched = realm.refreshGrant(APP, refreshToken, "tenant", "texted");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        assertThat(tenantAlias(Jwks.verify(realm.url(), switched.string("access_token"))))
                .isEqualTo("texted");
    }

    /**
     * A user who is made to set up recovery codes (Keycloak's required action) and then, where asked, an SMS number
     * ({@code number}); on each page it records what it was shown in {@code shown} ("setup", "phone", "sms",
     * "recovery"), keeps the generated recovery codes in {@code recoveryCodes} and answers a "Recovery code #n" page
     * with the n-th of them.
     */
    static BrowserlessLogin.FieldSource recoveryCodesAndSms(
            TestRealm realm, String username, String number, List<String> recoveryCodes, List<String> shown) {
        String id = userId(realm, username);
        Map<String, Object> user = realm.adminCall("GET", "/users/" + id, null).json();
        user.put("requiredActions", List.of("CONFIGURE_RECOVERY_AUTHN_CODES"));
        realm.adminOk("PUT", "/users/" + id, user);
        return page -> {
            Map<String, String> values = Http.fields("username", username, "password", TestRealm.PASSWORD);
            Matcher generated = Pattern.compile("name=\"generatedRecoveryAuthnCodes\" value=\"([^\"]+)\"")
                    .matcher(page);
            Matcher asked = Pattern.compile("Recovery code #(\\d+)").matcher(page);
            if (generated.find()) {
                shown.add("setup");
                recoveryCodes.addAll(List.of(generated.group(1).split(",")));
            } else if (isPhonePage(page)) {
                shown.add("phone");
                values.put(PHONE_FIELD, number);
            } else if (page.contains("name=\"" + CODE_FIELD + "\"")) {
                shown.add("sms");
                values.put(CODE_FIELD, nextCode(number));
            } else if (page.contains("name=\"recoveryCodeInput\"") && asked.find()) {
                shown.add("recovery");
                values.put("recoveryCodeInput", recoveryCodes.get(Integer.parseInt(asked.group(1)) - 1));
            }
            return values;
        };
    }

    static void setSmtp(TestRealm realm, Map<String, String> settings) {
        Map<String, Object> representation = realm.adminCall("GET", "", null).json();
        representation.put("smtpServer", settings);
        realm.adminOk("PUT", "", representation);
    }

    /** Sets the SMS execution's config to {@link #baseConfig} with {@code changes} on top. */
    static void setSmsConfig(TestRealm realm, Map<String, String> changes) {
        String configId = (String) execution(realm, "tenancy-sms-otp").get("authenticationConfig");
        Map<String, Object> config = realm.adminCall("GET", "/authentication/config/" + configId, null)
                .json();
        Map<String, String> values = new LinkedHashMap<>(baseConfig);
        values.putAll(changes);
        config.put("config", values);
        realm.adminOk("PUT", "/authentication/config/" + configId, config);
    }
}

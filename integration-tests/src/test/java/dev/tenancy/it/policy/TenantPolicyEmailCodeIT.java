package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.accessClaims;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tenantAlias;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.SmtpSink;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.Totp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second factor "Email one-time code" ({@code tenancy-email-otp}) for a tenant that allows only {@code email}
 * ({@code tenancy.policy.mfa.methods}), with the realm's SMTP pointed at {@link SmtpSink}: the code mailed to the
 * verified address is asked and counts (amr {@code otp}); a wrong code is refused; a code is single-use (one
 * login's code does not open the next); too many wrong entries void it, and a new one can be sent; an expired code is
 * refused; a user without a verified address cannot use it; the factor is not offered in a tenant that does not allow
 * it.
 */
@KeycloakIntegrationTest
class TenantPolicyEmailCodeIT {

    static final String APP = "email-code-app";
    static final String CODE_FIELD = "tenancy-email-code";
    static final String RESEND = "tenancy-email-code-resend";
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    static SmtpSink mailbox;

    @BeforeAll
    static void setUp(TestRealm realm) {
        mailbox = SmtpSink.start();
        Map<String, Object> representation = realm.adminCall("GET", "", null).json();
        representation.put("smtpServer", mailbox.realmSmtpSettings("noreply@tenancy.test"));
        representation.put("displayName", "Mailed Realm");
        realm.adminOk("PUT", "", representation);
        realm.saveEvents("LOGIN", "LOGIN_ERROR");
        TenantPolicyFixtures.createAppClient(realm, APP);
        String mailed = realm.createOrganization("mailed", "Mailed Codes", "mailed.test");
        String apps = realm.createOrganization("appsonly", "Apps Only", "appsonly.test");
        TenantPolicyFixtures.setPolicy(
                realm,
                mailed,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("email")));
        TenantPolicyFixtures.setPolicy(
                realm,
                apps,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("otp")));
        for (String user : List.of("coder", "guesser", "late", "appuser")) {
            String id = realm.createUser(user, user + "@example.test");
            realm.addMember(mailed, id);
            realm.addMember(apps, id);
        }
        String unverified = realm.createUser("unverified", "unverified@example.test");
        Map<String, Object> user =
                realm.adminCall("GET", "/users/" + unverified, null).json();
        user.put("emailVerified", false);
        realm.adminOk("PUT", "/users/" + unverified, user);
        realm.addMember(mailed, unverified);
        realm.installBrowserFlowWithTenantPolicies();
    }

    @AfterAll
    static void closeMailbox() {
        if (mailbox != null) {
            mailbox.close();
        }
    }

    @BeforeEach
    void emptyMailbox() {
        mailbox.clear();
    }

    /**
     * A user who types the password, then on each code page does what {@code onCodePage} says (given the page and how
     * many code pages came before), and records the pages.
     */
    static final class MailboxUser implements BrowserlessLogin.FieldSource {
        final String username;
        final BiFunction<String, Integer, Map<String, String>> onCodePage;
        final List<String> codePages = new ArrayList<>();

        MailboxUser(String username, BiFunction<String, Integer, Map<String, String>> onCodePage) {
            this.username = username;
            this.onCodePage = onCodePage;
        }

        @Override
        public Map<String, String> valuesFor(String page) {
            Map<String, String> values = Http.fields("username", username, "password", TestRealm.PASSWORD);
            if (page.contains("name=\"" + CODE_FIELD + "\"")) {
                values.putAll(onCodePage.apply(page, codePages.size()));
                codePages.add(page);
            }
            return values;
        }
    }

    /** The code of the next mail, which must be addressed to {@code username}'s address. */
    static String nextCode(String username) {
        SmtpSink.Mail mail = mailbox.next(MAIL_WAIT);
        assertThat(mail.recipients()).containsExactly(username + "@example.test");
        assertThat(mail.subject()).isEqualTo("Your sign-in code for Mailed Realm");
        Matcher code = CODE.matcher(mail.text());
        assertThat(code.find()).as("a 6-digit code in %s", mail.text()).isTrue();
        assertThat(mail.html()).contains(code.group(1));
        return code.group(1);
    }

    static String wrong(String code) {
        return code.substring(0, 5) + (char) ('0' + (code.charAt(5) - '0' + 1) % 10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCodeMailedToTheVerifiedAddressIsTheSecondFactorAndIsSingleUse(TestRealm realm) {
        String[] first = new String[1];
        MailboxUser user = new MailboxUser("coder", (page, before) -> {
            if (before == 0) {
                assertThat(page).contains("c***@example.test");
                first[0] = nextCode("coder");
                return Map.of(CODE_FIELD, wrong(first[0]));
            }
            assertThat(page).contains("Invalid code.");
            return Map.of(CODE_FIELD, first[0]);
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> claims =
                accessClaims(realm, tokens(browser, browser.authorize("openid organization:mailed", user)));
        assertThat(user.codePages).hasSize(2);
        assertThat(tenantAlias(claims)).isEqualTo("mailed");
        assertThat((List<String>) claims.get("amr")).contains("pwd", "otp");

        // the next login mails a new code; the first one does not open it
        String[] second = new String[1];
        MailboxUser again = new MailboxUser("coder", (page, before) -> {
            if (before == 0) {
                second[0] = nextCode("coder");
                assertThat(second[0]).isNotEqualTo(first[0]); // 1 in a million to fail by chance
                return Map.of(CODE_FIELD, first[0]);
            }
            assertThat(page).contains("Invalid code.");
            return Map.of(CODE_FIELD, second[0]);
        });
        BrowserlessLogin next = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(next, next.authorize("openid organization:mailed", again));
        assertThat(again.codePages).hasSize(2);
    }

    @Test
    void tooManyWrongEntriesVoidTheCodeAndANewOneCanBeSent(TestRealm realm) {
        String[] code = new String[2];
        MailboxUser user = new MailboxUser("guesser", (page, before) -> {
            if (before == 0) {
                code[0] = nextCode("guesser");
            }
            if (before < 5) { // the default allows 5 wrong entries per code
                if (before > 0) {
                    assertThat(page).contains("Invalid code.");
                }
                return Map.of(CODE_FIELD, wrong(code[0]));
            }
            if (before == 5) {
                assertThat(page).contains("Too many wrong codes. Send a new code.");
                return Map.of(CODE_FIELD, code[0]); // the right one, too late
            }
            if (before == 6) {
                assertThat(page).contains("There is no valid code. Send a new code.");
                return Map.of(RESEND, "true");
            }
            assertThat(page).contains("A new code is on its way.");
            code[1] = nextCode("guesser");
            return Map.of(CODE_FIELD, code[1]);
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantAlias(
                        accessClaims(realm, tokens(browser, browser.authorize("openid organization:mailed", user)))))
                .isEqualTo("mailed");
        assertThat(user.codePages).hasSize(8);
        Http.Response events =
                realm.adminCall("GET", "/events?type=LOGIN_ERROR&user=" + userId(realm, "guesser"), null);
        assertThat(events.body()).contains("invalid_user_credentials");
    }

    @Test
    void anExpiredCodeIsRefused(TestRealm realm) throws InterruptedException {
        setEmailCodeConfig(realm, Map.of("tenancy.email-code.ttl-seconds", "30"));
        try {
            String[] code = new String[2];
            MailboxUser user = new MailboxUser("late", (page, before) -> {
                if (before == 0) {
                    code[0] = nextCode("late");
                    sleep(Duration.ofSeconds(32));
                    return Map.of(CODE_FIELD, code[0]);
                }
                if (before == 1) {
                    assertThat(page).contains("The code has expired. Send a new code.");
                    return Map.of(RESEND, "true");
                }
                code[1] = nextCode("late");
                return Map.of(CODE_FIELD, code[1]);
            });
            BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
            tokens(browser, browser.authorize("openid organization:mailed", user));
            assertThat(user.codePages).hasSize(3);
        } finally {
            setEmailCodeConfig(realm, Map.of("tenancy.email-code.ttl-seconds", ""));
        }
    }

    @Test
    void aUserWithoutAVerifiedAddressCannotUseIt(TestRealm realm) {
        MailboxUser user = new MailboxUser("unverified", (page, before) -> {
            throw new AssertionError("a code page for an unverified address");
        });
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result result = browser.authorize("openid organization:mailed", user);
        assertThat(result.ok()).as("no way in without the only allowed factor").isFalse();
        assertThat(result.lastPage()).contains("credential setup required");
        assertThat(mailbox.waiting()).as("no mail").isZero();
    }

    @Test
    void aTenantThatDoesNotAllowTheEmailCodeNeverMailsOne(TestRealm realm) {
        Totp app = new Totp("appuser", TestRealm.PASSWORD);
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(browser, browser.authorize("openid organization:appsonly", app));
        assertThat(app.secret()).as("the TOTP setup, not the mailed code").isNotNull();
        BrowserlessLogin again = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(again, again.authorize("openid organization:appsonly", app));
        assertThat(app.pagesWithCode()).isEqualTo(2);
        assertThat(mailbox.waiting()).as("no mail").isZero();
    }

    // ---- helpers ----

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String userId(TestRealm realm, String username) {
        return (String) ((Map<?, ?>) realm.adminCall("GET", "/users?exact=true&username=" + username, null)
                        .jsonList()
                        .get(0))
                .get("id");
    }

    /** Merges {@code settings} into the config of the flow's "Email one-time code" execution (empty value: removed). */
    @SuppressWarnings("unchecked")
    static void setEmailCodeConfig(TestRealm realm, Map<String, String> settings) {
        for (Object item : realm.adminCall("GET", "/authentication/flows/tenancy%20policy%20browser/executions", null)
                .jsonList()) {
            Map<String, Object> execution = (Map<String, Object>) item;
            if ("tenancy-email-otp".equals(execution.get("providerId"))) {
                String configId = (String) execution.get("authenticationConfig");
                Map<String, Object> config = realm.adminCall("GET", "/authentication/config/" + configId, null)
                        .json();
                Map<String, String> values = new java.util.LinkedHashMap<>((Map<String, String>) config.get("config"));
                settings.forEach((key, value) -> {
                    if (value.isEmpty()) {
                        values.remove(key);
                    } else {
                        values.put(key, value);
                    }
                });
                config.put("config", values);
                realm.adminOk("PUT", "/authentication/config/" + configId, config);
                return;
            }
        }
        throw new AssertionError("no tenancy-email-otp execution in the flow");
    }
}

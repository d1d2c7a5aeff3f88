package dev.tenancy.policy.login;

import dev.tenancy.context.LoginTenant;
import dev.tenancy.context.policy.TenantMfa;
import dev.tenancy.policy.code.OneTimeCodes;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Email one-time code" ({@value EmailCodeAuthenticatorFactory#PROVIDER_ID}): a second factor that mails a code to the
 * user's verified address and asks for it. Keycloak 26.7.3 has none; tenants may allow it ({@code mfa.methods: email}).
 *
 * <p>The code (6 digits from {@link java.security.SecureRandom}) lives only in THIS login's authentication session
 * ({@link OneTimeCodes}: a salted SHA-256 hash with its expiry, its wrong-attempt count and the number of codes sent,
 * as auth notes that Keycloak keeps and replicates with the login, and drops with it). It is single-use (removed on
 * success), expires ({@code ttl-seconds}), dies after {@code max-attempts} wrong entries, and a login may ask for at
 * most {@code max-codes} codes; a wrong code is a failed login for Keycloak's brute-force detection. The user proves
 * the factor in the login it was sent for; a code of another login does not count.</p>
 */
public class EmailCodeAuthenticator implements Authenticator {

    /** Form field of the code. */
    public static final String CODE_FIELD = "tenancy-email-code";
    /** Form field of the "send a new code" button. */
    public static final String RESEND_FIELD = "tenancy-email-code-resend";
    /** The login page. */
    public static final String TEMPLATE = "tenancy-email-code.ftl";
    /** The e-mail ({@code text/} and {@code html/}). */
    public static final String EMAIL_TEMPLATE = "tenancy-email-code.ftl";

    /** The auth notes' prefix ({@link OneTimeCodes}). */
    static final String NOTES = "tenancy.email-code";

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);
    private static final int DIGITS = 6;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (!TenantMfa.hasVerifiedEmail(context.getUser())) {
            context.attempted(); // not usable without a verified address (configuredFor says so first)
            return;
        }
        if (new OneTimeCodes(context.getAuthenticationSession(), NOTES).pending()) {
            context.challenge(form(context, null, null)); // a reload: the mailed code still holds
            return;
        }
        sendCode(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(RESEND_FIELD)) {
            sendCode(context);
            return;
        }
        OneTimeCodes codes = new OneTimeCodes(context.getAuthenticationSession(), NOTES);
        EmailCodeConfig config = EmailCodeConfig.of(context.getAuthenticatorConfig());
        switch (codes.check(form.getFirst(CODE_FIELD), config.maxAttempts())) {
            case VALID -> {
                codes.forgetSends();
                context.success();
            }
            // invalidated (too many attempts, expired): only a new code helps, no guess counted
            case NO_CODE -> context.challenge(form(context, "tenancyEmailCodeNoCode", null));
            case EXPIRED -> {
                context.getEvent().user(context.getUser()).error(Errors.EXPIRED_CODE);
                context.challenge(form(context, "tenancyEmailCodeExpired", null));
            }
            case TOO_MANY_ATTEMPTS -> { // the code is void now, even the right one: a new one must be sent
                context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(
                        AuthenticationFlowError.INVALID_CREDENTIALS,
                        form(context, "tenancyEmailCodeTooManyAttempts", null));
            }
            case WRONG -> {
                context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(
                        AuthenticationFlowError.INVALID_CREDENTIALS, form(context, "tenancyEmailCodeInvalid", null));
            }
        }
    }

    /** Mails a new code (replacing any earlier one of this login), unless this login already had its maximum. */
    private void sendCode(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        OneTimeCodes codes = new OneTimeCodes(authSession, NOTES);
        EmailCodeConfig config = EmailCodeConfig.of(context.getAuthenticatorConfig());
        int sent = codes.sent();
        if (sent >= config.maxCodes()) {
            codes.clear();
            context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
            context.failureChallenge(
                    AuthenticationFlowError.INVALID_CREDENTIALS, form(context, "tenancyEmailCodeTooManyCodes", null));
            return;
        }
        // mailed first, kept after: a mail that fails leaves the code mailed before as it was
        String code = OneTimeCodes.newCode(DIGITS);
        UserModel user = context.getUser();
        OrganizationModel tenant = LoginTenant.entered(context.getSession(), context.getAuthenticationSession());
        try {
            context.getSession()
                    .getProvider(EmailTemplateProvider.class)
                    .setRealm(context.getRealm())
                    .setUser(user)
                    .setAuthenticationSession(authSession)
                    .send(
                            "tenancyEmailCodeSubject",
                            List.of(realmName(context.getRealm())),
                            EMAIL_TEMPLATE,
                            mailAttributes(code, config, tenant));
        } catch (EmailException e) {
            LOG.warnf(
                    e,
                    "Could not mail a one-time code to user %s in realm %s",
                    user.getId(),
                    context.getRealm().getName());
            context.challenge(form(context, "tenancyEmailCodeNotSent", null));
            return;
        }
        codes.keep(code, config.ttlSeconds());
        context.challenge(form(context, null, sent > 0 ? "tenancyEmailCodeResent" : null));
    }

    /** The e-mail's attributes (a mutable map: Keycloak adds its own, e.g. the locale). */
    private static Map<String, Object> mailAttributes(String code, EmailCodeConfig config, OrganizationModel tenant) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("ttlMinutes", Math.max(1, config.ttlSeconds() / 60));
        attributes.put("tenantName", tenant == null ? "" : tenant.getName());
        return attributes;
    }

    private static Response form(AuthenticationFlowContext context, String error, String info) {
        var form = context.form()
                .setAttribute(
                        "tenancyEmailCode",
                        Map.of(
                                "maskedEmail",
                                mask(context.getUser().getEmail()),
                                "field",
                                CODE_FIELD,
                                "resendField",
                                RESEND_FIELD));
        if (error != null) {
            form.setError(error);
        } else if (info != null) {
            form.setInfo(info);
        }
        return form.createForm(TEMPLATE);
    }

    /** {@code j***@example.com}: enough for the user to recognise the address, not to learn it. */
    static String mask(String email) {
        int at = email.lastIndexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    private static String realmName(RealmModel realm) {
        return realm.getDisplayName() != null && !realm.getDisplayName().isBlank()
                ? realm.getDisplayName()
                : realm.getName();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Usable by a user with a verified email address; there is nothing else to set up. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return TenantMfa.hasVerifiedEmail(user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}

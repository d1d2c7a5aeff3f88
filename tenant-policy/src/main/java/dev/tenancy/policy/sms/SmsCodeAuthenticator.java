package dev.tenancy.policy.sms;

import dev.tenancy.context.TenancyConventions;
import dev.tenancy.policy.code.OneTimeCodes;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "SMS one-time code" ({@value SmsCodeAuthenticatorFactory#PROVIDER_ID}): a second factor that texts a code to the
 * user's verified number ({@link SmsPhoneCredential}) and asks for it. Tenants allow it with {@code mfa.methods: sms}.
 *
 * <p>The code is kept by {@link OneTimeCodes} (this login's auth notes, hashed; single use; expires; void after too
 * many wrong entries, each a failed login for brute-force detection) and sent by {@link SmsSender} (resend cooldown,
 * per-user and per-IP limits before the gateway; a hard gateway timeout). When the gateway fails or a limit is reached
 * the page says so, and Keycloak's "Try another way" offers the user's other allowed factors.</p>
 */
public class SmsCodeAuthenticator implements Authenticator, CredentialValidator<SmsCredentialProvider> {

    public static final String CODE_FIELD = "tenancy-sms-code";
    public static final String RESEND_FIELD = "tenancy-sms-code-resend";
    public static final String TEMPLATE = "tenancy-sms-code.ftl";
    static final String NOTES = "tenancy.sms-code";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<String> number = SmsPhoneCredential.number(context.getUser());
        if (number.isEmpty()) {
            context.attempted(); // no verified number (configuredFor says so first)
            return;
        }
        OneTimeCodes codes = new OneTimeCodes(context.getAuthenticationSession(), NOTES);
        if (codes.pending()) {
            context.challenge(form(context, number.get(), null, null)); // a reload: the sent code still holds
            return;
        }
        send(context, number.get(), codes, false);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Optional<String> number = SmsPhoneCredential.number(context.getUser());
        if (number.isEmpty()) {
            context.attempted();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        OneTimeCodes codes = new OneTimeCodes(context.getAuthenticationSession(), NOTES);
        SmsConfig config = SmsConfig.of(context.getAuthenticatorConfig());
        if (form.containsKey(RESEND_FIELD)) {
            send(context, number.get(), codes, true);
            return;
        }
        switch (codes.check(form.getFirst(CODE_FIELD), config.maxAttempts())) {
            case VALID -> context.success();
            case NO_CODE -> context.challenge(form(context, number.get(), "tenancySmsNoCode", null));
            case EXPIRED -> {
                context.getEvent().user(context.getUser()).error(Errors.EXPIRED_CODE);
                context.challenge(form(context, number.get(), "tenancySmsExpired", null));
            }
            case TOO_MANY_ATTEMPTS -> {
                context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(
                        AuthenticationFlowError.INVALID_CREDENTIALS,
                        form(context, number.get(), "tenancySmsTooManyAttempts", null));
            }
            case WRONG -> {
                context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(
                        AuthenticationFlowError.INVALID_CREDENTIALS,
                        form(context, number.get(), "tenancySmsInvalid", null));
            }
        }
    }

    private void send(AuthenticationFlowContext context, String number, OneTimeCodes codes, boolean resend) {
        SmsConfig config = SmsConfig.of(context.getAuthenticatorConfig());
        switch (SmsSender.send(context.getSession(), context.getRealm(), context.getUser(), codes, config, number)) {
            case SENT -> context.challenge(form(context, number, null, resend ? "tenancySmsResent" : null));
            case COOLDOWN -> context.challenge(form(context, number, "tenancySmsCooldown", null));
            case RATE_LIMITED -> {
                context.getEvent()
                        .user(context.getUser())
                        .detail(TenancyConventions.EventDetails.REASON, "sms_rate_limited")
                        .error(Errors.SLOW_DOWN);
                context.challenge(form(context, number, "tenancySmsRateLimited", null));
            }
            case GATEWAY_FAILED -> context.challenge(form(context, number, "tenancySmsNotSent", null));
        }
    }

    static Response form(AuthenticationFlowContext context, String number, String error, String info) {
        var form = context.form()
                .setAttribute(
                        "tenancySms",
                        Map.of(
                                "maskedPhone",
                                PhoneNumbers.mask(number),
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

    /** Keycloak picks among alternative factors by the user's credential types: this one is the SMS number. */
    @Override
    public SmsCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (SmsCredentialProvider)
                session.getProvider(CredentialProvider.class, SmsCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Usable by a user with a verified SMS number. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return SmsPhoneCredential.number(user).isPresent();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}

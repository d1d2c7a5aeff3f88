package dev.tenancy.policy.sms;

import dev.tenancy.context.policy.MfaMethod;
import dev.tenancy.policy.code.OneTimeCodes;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Set up SMS one-time codes" ({@value dev.tenancy.context.policy.MfaMethod#SMS_SETUP_ACTION}): asks for a phone
 * number, refuses what is not E.164 or starts with a denied prefix ({@link PhoneNumbers}), texts a code to it and
 * stores the number as the user's SMS credential ({@link SmsPhoneCredential}) only when that code comes back. Codes
 * and limits as at login ({@link OneTimeCodes}, {@link SmsSender}), with the realm's SMS settings
 * ({@link SmsConfig#ofRealm}).
 * The tenant policy adds this action to a login when the tenant allows SMS and the user has no allowed factor yet.
 */
public class SmsPhoneRequiredAction implements RequiredActionProvider {

    public static final String PHONE_FIELD = "tenancy-sms-phone";
    public static final String CHANGE_FIELD = "tenancy-sms-phone-change";
    public static final String PHONE_TEMPLATE = "tenancy-sms-phone.ftl";
    static final String NOTES = "tenancy.sms-setup";
    static final String PENDING_NUMBER = NOTES + ".number";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {}

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        String pending = context.getAuthenticationSession().getAuthNote(PENDING_NUMBER);
        if (pending != null && new OneTimeCodes(context.getAuthenticationSession(), NOTES).pending()) {
            context.challenge(codeForm(context, pending, null, null));
            return;
        }
        context.challenge(phoneForm(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        OneTimeCodes codes = new OneTimeCodes(authSession, NOTES);
        SmsConfig config = SmsConfig.ofRealm(context.getRealm());
        String pending = authSession.getAuthNote(PENDING_NUMBER);
        if (form.containsKey(CHANGE_FIELD)) {
            codes.clear();
            authSession.removeAuthNote(PENDING_NUMBER);
            context.challenge(phoneForm(context, null));
            return;
        }
        if (form.containsKey(PHONE_FIELD) || pending == null) {
            PhoneNumbers.Result number = PhoneNumbers.normalize(form.getFirst(PHONE_FIELD), config.deniedPrefixes());
            if (!number.ok()) {
                context.getEvent()
                        .event(EventType.UPDATE_CREDENTIAL)
                        .user(context.getUser())
                        .detail(Details.CREDENTIAL_TYPE, MfaMethod.SMS_CREDENTIAL_TYPE)
                        .error(Errors.INVALID_INPUT);
                context.challenge(phoneForm(context, number.errorKey()));
                return;
            }
            authSession.setAuthNote(PENDING_NUMBER, number.number());
            send(context, number.number(), codes, config, false);
            return;
        }
        if (form.containsKey(SmsCodeAuthenticator.RESEND_FIELD)) {
            send(context, pending, codes, config, true);
            return;
        }
        switch (codes.check(form.getFirst(SmsCodeAuthenticator.CODE_FIELD), config.maxAttempts())) {
            case VALID -> {
                SmsPhoneCredential.store(context.getUser(), pending);
                authSession.removeAuthNote(PENDING_NUMBER);
                context.success();
            }
            case NO_CODE -> context.challenge(codeForm(context, pending, "tenancySmsNoCode", null));
            case EXPIRED -> context.challenge(codeForm(context, pending, "tenancySmsExpired", null));
            case TOO_MANY_ATTEMPTS -> context.challenge(codeForm(context, pending, "tenancySmsTooManyAttempts", null));
            case WRONG -> context.challenge(codeForm(context, pending, "tenancySmsInvalid", null));
        }
    }

    private static void send(
            RequiredActionContext context, String number, OneTimeCodes codes, SmsConfig config, boolean resend) {
        switch (SmsSender.send(context.getSession(), context.getRealm(), context.getUser(), codes, config, number)) {
            case SENT -> context.challenge(codeForm(context, number, null, resend ? "tenancySmsResent" : null));
            case COOLDOWN -> context.challenge(codeForm(context, number, "tenancySmsCooldown", null));
            case RATE_LIMITED -> context.challenge(codeForm(context, number, "tenancySmsRateLimited", null));
            case GATEWAY_FAILED -> context.challenge(codeForm(context, number, "tenancySmsNotSent", null));
        }
    }

    private static Response phoneForm(RequiredActionContext context, String error) {
        var form = context.form().setAttribute("tenancySmsPhone", Map.of("field", PHONE_FIELD));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(PHONE_TEMPLATE);
    }

    private static Response codeForm(RequiredActionContext context, String number, String error, String info) {
        var form = context.form()
                .setAttribute(
                        "tenancySms",
                        Map.of(
                                "maskedPhone",
                                PhoneNumbers.mask(number),
                                "field",
                                SmsCodeAuthenticator.CODE_FIELD,
                                "resendField",
                                SmsCodeAuthenticator.RESEND_FIELD,
                                "changeField",
                                CHANGE_FIELD));
        if (error != null) {
            form.setError(error);
        } else if (info != null) {
            form.setInfo(info);
        }
        return form.createForm(SmsCodeAuthenticator.TEMPLATE);
    }

    @Override
    public void close() {}
}

package dev.tenancy.policy.sms;

import dev.tenancy.policy.code.OneTimeCodes;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * Sends a new code of one login by SMS, in this order: the login's resend cooldown, the per-user and per-IP rate limits
 * ({@link SmsRateLimits}), then the gateway. A refused send never reaches the gateway. The text is the message
 * {@code tenancySmsText} of the realm's login theme in the user's locale. The code is in no log line.
 */
final class SmsSender {

    /** What became of a send. */
    enum Outcome {
        SENT,
        COOLDOWN,
        RATE_LIMITED,
        GATEWAY_FAILED
    }

    private static final Logger LOG = Logger.getLogger(SmsSender.class);

    private SmsSender() {}

    static Outcome send(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            OneTimeCodes codes,
            SmsConfig config,
            String phoneNumber) {
        if (codes.cooldownLeft(config.resendCooldownSeconds()) > 0) {
            return Outcome.COOLDOWN;
        }
        String ip = session.getContext().getConnection() == null
                ? null
                : session.getContext().getConnection().getRemoteAddr();
        if (!SmsRateLimits.tryAcquire(session, realm.getId(), user.getId(), ip, config)) {
            LOG.infof(
                    "SMS rate limit reached for user %s (realm %s, address %s): gateway not called",
                    user.getId(), realm.getName(), ip);
            return Outcome.RATE_LIMITED;
        }
        SmsGatewayProvider gateway = session.getProvider(SmsGatewayProvider.class, config.gateway());
        if (gateway == null) {
            LOG.warnf("Realm %s: unknown SMS gateway '%s'", realm.getName(), config.gateway());
            return Outcome.GATEWAY_FAILED;
        }
        String code = codes.issue(config.codeLength(), config.ttlSeconds());
        try {
            gateway.send(config, phoneNumber, text(session, realm, user, code, config));
            return Outcome.SENT;
        } catch (SmsGatewayException e) {
            codes.clear(); // a code that never arrived must not be guessable
            LOG.warnf(
                    "Could not send an SMS code to user %s in realm %s: %s",
                    user.getId(), realm.getName(), e.getMessage());
            return Outcome.GATEWAY_FAILED;
        }
    }

    private static String text(
            KeycloakSession session, RealmModel realm, UserModel user, String code, SmsConfig config) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern = null;
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
            pattern = messages.getProperty("tenancySmsText");
        } catch (IOException e) {
            LOG.debugf("No login theme messages for %s: %s", locale, e.getMessage());
        }
        if (pattern == null) {
            pattern = "{0} is your sign-in code for {1}. It expires in {2} minutes.";
        }
        String realmName =
                realm.getDisplayName() != null && !realm.getDisplayName().isBlank()
                        ? realm.getDisplayName()
                        : realm.getName();
        return new MessageFormat(pattern, locale)
                .format(new Object[] {code, realmName, Integer.toString(Math.max(1, config.ttlSeconds() / 60))});
    }
}

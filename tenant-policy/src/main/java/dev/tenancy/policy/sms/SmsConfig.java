package dev.tenancy.policy.sms;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The realm's SMS settings: the execution config of "SMS one-time code" in the flow editor (one place, editable in the
 * console; the phone-number setup reads the same config). Read null-safely with defaults; numbers are clamped to their
 * ranges, since the console does not validate. Secrets ({@link #authHeader}, {@link #twilioToken}) may be Keycloak
 * vault references {@code ${vault.key}}, resolved when a message is sent.
 *
 * @param gateway               provider id of the {@link SmsGatewayProvider}: {@code webhook} or {@code twilio}
 * @param url                   webhook URL, or the Twilio-compatible API base URL (default Twilio's)
 * @param authHeader            webhook: value of the Authorization header (may be a vault reference)
 * @param bodyTemplate          webhook: JSON body with {@code {to}}, {@code {text}} and {@code {sender}} placeholders
 * @param twilioAccount         Twilio-compatible: account SID
 * @param twilioToken           Twilio-compatible: auth token (may be a vault reference)
 * @param sender                sender name or number
 * @param timeoutMillis         hard limit for one gateway call, connecting included (500-15000, default 5000)
 * @param codeLength            digits of a code (4-10, default 6)
 * @param ttlSeconds            how long a code is valid (30-3600, default 300)
 * @param maxAttempts           wrong entries after which a code is void (1-10, default 5)
 * @param resendCooldownSeconds wait before another code of the same login (0-600, default 30)
 * @param maxPerUser            SMS per user per window (1-100, default 5)
 * @param maxPerIp              SMS per client IP address per window (1-1000, default 20)
 * @param windowSeconds         the rate-limit window (60-86400, default 3600)
 * @param deniedPrefixes        E.164 prefixes never sent to (premium-rate, shared-cost ...)
 */
public record SmsConfig(
        String gateway,
        String url,
        String authHeader,
        String bodyTemplate,
        String twilioAccount,
        String twilioToken,
        String sender,
        int timeoutMillis,
        int codeLength,
        int ttlSeconds,
        int maxAttempts,
        int resendCooldownSeconds,
        int maxPerUser,
        int maxPerIp,
        int windowSeconds,
        List<String> deniedPrefixes) {

    public static final String PREFIX = "tenancy.sms.";
    public static final String GATEWAY = PREFIX + "gateway";
    public static final String URL = PREFIX + "url";
    public static final String AUTH_HEADER = PREFIX + "auth-header";
    public static final String BODY_TEMPLATE = PREFIX + "body-template";
    public static final String TWILIO_ACCOUNT = PREFIX + "twilio-account";
    public static final String TWILIO_TOKEN = PREFIX + "twilio-token";
    public static final String SENDER = PREFIX + "sender";
    public static final String TIMEOUT_MILLIS = PREFIX + "timeout-ms";
    public static final String CODE_LENGTH = PREFIX + "code-length";
    public static final String TTL_SECONDS = PREFIX + "ttl-seconds";
    public static final String MAX_ATTEMPTS = PREFIX + "max-attempts";
    public static final String RESEND_COOLDOWN = PREFIX + "resend-cooldown-seconds";
    public static final String MAX_PER_USER = PREFIX + "max-per-user";
    public static final String MAX_PER_IP = PREFIX + "max-per-ip";
    public static final String WINDOW_SECONDS = PREFIX + "rate-window-seconds";
    public static final String DENIED_PREFIXES = PREFIX + "denied-prefixes";

    /** The webhook body when none is configured. */
    public static final String DEFAULT_BODY = "{\"to\":\"{to}\",\"text\":\"{text}\",\"from\":\"{sender}\"}";
    /**
     * Premium-rate and shared-cost ranges of a few countries (North America 900/976, UK 09/087, Germany 0900/0137/
     * 0118, France 089, Austria 0900/0930, Switzerland 0900/0906). Extend it in the config for your markets.
     */
    public static final String DEFAULT_DENIED =
            "+1900,+1976,+449,+4487,+49900,+49137,+49118,+3389,+43900,+43930," + "+41900,+41906";

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
            .name(GATEWAY)
            .label("Gateway")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options("webhook", "twilio")
            .defaultValue("webhook")
            .helpText("webhook: an HTTP JSON POST to your URL; twilio: a Twilio-compatible Messages API.")
            .add()
            .property()
            .name(URL)
            .label("Gateway URL")
            .type(ProviderConfigProperty.STRING_TYPE)
            .helpText("webhook: the URL to POST to. twilio: the API base URL (default https://api.twilio.com).")
            .add()
            .property()
            .name(AUTH_HEADER)
            .label("Webhook Authorization header")
            .type(ProviderConfigProperty.PASSWORD)
            .secret(true)
            .helpText("Sent as the Authorization header, e.g. 'Bearer ...'; may be ${vault.key}.")
            .add()
            .property()
            .name(BODY_TEMPLATE)
            .label("Webhook body template")
            .type(ProviderConfigProperty.TEXT_TYPE)
            .defaultValue(DEFAULT_BODY)
            .helpText("JSON; {to}, {text} and {sender} are replaced by JSON-escaped values.")
            .add()
            .property()
            .name(TWILIO_ACCOUNT)
            .label("Twilio account SID")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(TWILIO_TOKEN)
            .label("Twilio auth token")
            .type(ProviderConfigProperty.PASSWORD)
            .secret(true)
            .helpText("May be ${vault.key}.")
            .add()
            .property()
            .name(SENDER)
            .label("Sender")
            .type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Sender number or name (Twilio 'From').")
            .add()
            .property()
            .name(TIMEOUT_MILLIS)
            .label("Gateway timeout (ms)")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("5000")
            .helpText("Hard limit of one gateway call, 500 to 15000 ms.")
            .add()
            .property()
            .name(CODE_LENGTH)
            .label("Code length")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("6")
            .helpText("Digits, 4 to 10.")
            .add()
            .property()
            .name(TTL_SECONDS)
            .label("Code lifetime (seconds)")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("300")
            .helpText("30 to 3600.")
            .add()
            .property()
            .name(MAX_ATTEMPTS)
            .label("Wrong entries per code")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("5")
            .helpText("After this many wrong entries the code is void (1 to 10).")
            .add()
            .property()
            .name(RESEND_COOLDOWN)
            .label("Resend cooldown (seconds)")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("30")
            .helpText("Wait before another code of the same sign-in (0 to 600).")
            .add()
            .property()
            .name(MAX_PER_USER)
            .label("SMS per user per window")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("5")
            .helpText("1 to 100; then the gateway is not called until the window ends.")
            .add()
            .property()
            .name(MAX_PER_IP)
            .label("SMS per IP address per window")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("20")
            .helpText("1 to 1000; then the gateway is not called until the window ends.")
            .add()
            .property()
            .name(WINDOW_SECONDS)
            .label("Rate-limit window (seconds)")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("3600")
            .helpText("60 to 86400.")
            .add()
            .property()
            .name(DENIED_PREFIXES)
            .label("Denied number prefixes")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULT_DENIED)
            .helpText("Comma-separated E.164 prefixes (premium-rate, shared-cost) that are refused as phone numbers.")
            .add()
            .build();

    /** The settings of one execution's config (null: all defaults, no gateway address). */
    public static SmsConfig of(AuthenticatorConfigModel model) {
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        String denied = c.get(DENIED_PREFIXES) == null ? DEFAULT_DENIED : c.get(DENIED_PREFIXES);
        return new SmsConfig(
                text(c, GATEWAY, "webhook"),
                text(c, URL, null),
                text(c, AUTH_HEADER, null),
                text(c, BODY_TEMPLATE, DEFAULT_BODY),
                text(c, TWILIO_ACCOUNT, null),
                text(c, TWILIO_TOKEN, null),
                text(c, SENDER, ""),
                read(c, TIMEOUT_MILLIS, 5000, 500, 15_000),
                read(c, CODE_LENGTH, 6, 4, 10),
                read(c, TTL_SECONDS, 300, 30, 3600),
                read(c, MAX_ATTEMPTS, 5, 1, 10),
                read(c, RESEND_COOLDOWN, 30, 0, 600),
                read(c, MAX_PER_USER, 5, 1, 100),
                read(c, MAX_PER_IP, 20, 1, 1000),
                read(c, WINDOW_SECONDS, 3600, 60, 86_400),
                Arrays.stream(denied.split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .toList());
    }

    /**
     * The config of the realm's "SMS one-time code" execution (the first one with a config, browser flow first): the
     * phone-number setup, a required action, has no execution of its own.
     */
    public static SmsConfig ofRealm(RealmModel realm) {
        String browserFlow =
                realm.getBrowserFlow() == null ? null : realm.getBrowserFlow().getId();
        return realm.getAuthenticationFlowsStream()
                .sorted((a, b) ->
                        Boolean.compare(b.getId().equals(browserFlow), a.getId().equals(browserFlow)))
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(e -> SmsCodeAuthenticatorFactory.PROVIDER_ID.equals(e.getAuthenticator()))
                .map(AuthenticationExecutionModel::getAuthenticatorConfig)
                .filter(id -> id != null)
                .map(realm::getAuthenticatorConfigById)
                .filter(model -> model != null)
                .findFirst()
                .map(SmsConfig::of)
                .orElse(of(null));
    }

    private static String text(Map<String, String> config, String key, String fallback) {
        String value = config.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int read(Map<String, String> config, String key, int fallback, int min, int max) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

package dev.tenancy.policy.login;

import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The settings of "Email one-time code" (execution config in the flow editor), read null-safely with defaults and
 * clamped to their ranges: a value outside them (the console does not validate) falls back to the nearest bound.
 *
 * @param ttlSeconds  how long a mailed code is valid (30-3600, default 300)
 * @param maxAttempts wrong entries after which the code is void (1-10, default 5)
 * @param maxCodes    codes one login may mail (1-10, default 3)
 */
record EmailCodeConfig(int ttlSeconds, int maxAttempts, int maxCodes) {

    static final String TTL_SECONDS = "tenancy.email-code.ttl-seconds";
    static final String MAX_ATTEMPTS = "tenancy.email-code.max-attempts";
    static final String MAX_CODES = "tenancy.email-code.max-codes";

    static final EmailCodeConfig DEFAULTS = new EmailCodeConfig(300, 5, 3);

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
            .name(TTL_SECONDS)
            .label("Code lifetime (seconds)")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(Integer.toString(DEFAULTS.ttlSeconds()))
            .helpText("How long a mailed code can be entered, 30 to 3600 seconds.")
            .add()
            .property()
            .name(MAX_ATTEMPTS)
            .label("Wrong entries per code")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(Integer.toString(DEFAULTS.maxAttempts()))
            .helpText("After this many wrong entries the code is void and a new one must be sent (1 to 10).")
            .add()
            .property()
            .name(MAX_CODES)
            .label("Codes per login")
            .type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(Integer.toString(DEFAULTS.maxCodes()))
            .helpText("How many codes one login may mail (1 to 10); then the login must start again.")
            .add()
            .build();

    static EmailCodeConfig of(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new EmailCodeConfig(
                read(config, TTL_SECONDS, DEFAULTS.ttlSeconds(), 30, 3600),
                read(config, MAX_ATTEMPTS, DEFAULTS.maxAttempts(), 1, 10),
                read(config, MAX_CODES, DEFAULTS.maxCodes(), 1, 10));
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

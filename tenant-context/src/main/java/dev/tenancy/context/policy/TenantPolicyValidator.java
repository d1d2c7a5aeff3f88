package dev.tenancy.context.policy;

import dev.tenancy.context.OAuthErrors;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validates a tenant policy as the tenant API receives it (a JSON object keyed by {@link PolicyKey#key()}, the WHOLE
 * policy: absent or {@code null} keys are unset) against the key table and the realm: ranges, types, unknown keys, and
 * "never weaker than the realm" (a password rule below the realm's, a session timeout longer than the realm's, a
 * password maximum age longer than the realm's forced expiry). Nothing is stored unless {@link Result#ok()}.
 *
 * <p>The tenant API (GET/PUT {@code /realms/{realm}/tenants/{alias}/policy}, permission {@code manage-policies})
 * calls {@link #validate(Map, RealmBaseline)} and answers 400 with {@link Result#errorBody()} when it fails.</p>
 */
public final class TenantPolicyValidator {

    private TenantPolicyValidator() {}

    /** One refused field: the API key (or the unknown key as sent) and why. */
    public record FieldError(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** The outcome: the parsed policy when there are no errors. */
    public record Result(TenantPolicy policy, List<FieldError> errors) {

        public boolean ok() {
            return errors.isEmpty();
        }

        /** Field name to message, in input order. */
        public Map<String, String> errorsByField() {
            Map<String, String> byField = new LinkedHashMap<>();
            errors.forEach(e -> byField.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
            return byField;
        }

        /**
         * The 400 body in this pack's error format: {@code error=invalid_request}, {@code error_description} naming
         * every refused field, and {@code fields} (field to message) for programs.
         */
        public Map<String, Object> errorBody() {
            Map<String, Object> body = new LinkedHashMap<>(OAuthErrors.body(
                    "invalid_request",
                    "Invalid tenant policy: "
                            + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "))));
            body.put("fields", errorsByField());
            return body;
        }
    }

    /** Validates the tenant API's JSON object (keys without the attribute prefix). */
    public static Result validate(Map<String, ?> input, RealmBaseline realm) {
        List<FieldError> errors = new ArrayList<>();
        EnumMap<PolicyKey, Object> values = new EnumMap<>(PolicyKey.class);
        if (input != null) {
            input.forEach((field, raw) -> {
                PolicyKey key = field == null ? null : PolicyKey.ofKey(field).orElse(null);
                if (key == null) {
                    errors.add(new FieldError(
                            String.valueOf(field),
                            "unknown policy key; known keys: "
                                    + java.util.Arrays.stream(PolicyKey.values())
                                            .map(PolicyKey::key)
                                            .toList()));
                    return;
                }
                if (raw == null) {
                    return;
                }
                try {
                    values.put(key, key.parse(raw));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(key.key(), e.getMessage()));
                }
            });
        }
        checkAgainstRealm(values, realm == null ? RealmBaseline.NONE : realm, errors);
        return new Result(errors.isEmpty() ? TenantPolicy.of(values) : null, List.copyOf(errors));
    }

    /**
     * Validates organization attributes (e.g. what a realm admin stored through the console): only the
     * {@code tenancy.policy.*} entries are looked at; errors name the attribute's API key.
     */
    public static Result validateAttributes(Map<String, List<String>> attributes, RealmBaseline realm) {
        Map<String, Object> input = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, value) -> {
                if (name != null
                        && name.startsWith(PolicyKey.ATTRIBUTE_PREFIX)
                        && value != null
                        && !value.stream().allMatch(v -> v == null || v.isBlank())) {
                    input.put(name.substring(PolicyKey.ATTRIBUTE_PREFIX.length()), value);
                }
            });
        }
        return validate(input, realm);
    }

    private static void checkAgainstRealm(
            EnumMap<PolicyKey, Object> values, RealmBaseline realm, List<FieldError> errors) {
        for (PolicyKey key : List.of(
                PolicyKey.PASSWORD_MIN_LENGTH,
                PolicyKey.PASSWORD_UPPER_CASE,
                PolicyKey.PASSWORD_LOWER_CASE,
                PolicyKey.PASSWORD_DIGITS,
                PolicyKey.PASSWORD_SPECIAL_CHARS,
                PolicyKey.PASSWORD_HISTORY)) {
            if (values.get(key) instanceof Integer value && value < realm.passwordRule(key)) {
                errors.add(new FieldError(
                        key.key(),
                        "must not be weaker than the realm's password policy: at least " + realm.passwordRule(key)
                                + ", not " + value));
            }
        }
        if (Boolean.FALSE.equals(values.get(PolicyKey.PASSWORD_NOT_USERNAME)) && realm.passwordNotUsername()) {
            errors.add(new FieldError(
                    PolicyKey.PASSWORD_NOT_USERNAME.key(),
                    "must not be weaker than the realm's password policy, which forbids the username as password"));
        }
        if (Boolean.FALSE.equals(values.get(PolicyKey.PASSWORD_NOT_EMAIL)) && realm.passwordNotEmail()) {
            errors.add(new FieldError(
                    PolicyKey.PASSWORD_NOT_EMAIL.key(),
                    "must not be weaker than the realm's password policy, which forbids the email as password"));
        }
        if (values.get(PolicyKey.PASSWORD_MAX_AGE_DAYS) instanceof Integer days
                && realm.passwordMaxAgeDays() > 0
                && days > realm.passwordMaxAgeDays()) {
            errors.add(new FieldError(
                    PolicyKey.PASSWORD_MAX_AGE_DAYS.key(),
                    "must not be longer than the realm's " + "forced password expiry of " + realm.passwordMaxAgeDays()
                            + " days, not " + days));
        }
        Integer idle = (Integer) values.get(PolicyKey.SESSION_IDLE_SECONDS);
        Integer max = (Integer) values.get(PolicyKey.SESSION_MAX_SECONDS);
        if (idle != null && realm.ssoSessionIdleSeconds() > 0 && idle > realm.ssoSessionIdleSeconds()) {
            errors.add(new FieldError(
                    PolicyKey.SESSION_IDLE_SECONDS.key(),
                    "must not be longer than the realm's SSO " + "session idle timeout of "
                            + realm.ssoSessionIdleSeconds() + " s, not " + idle));
        }
        if (max != null && realm.ssoSessionMaxSeconds() > 0 && max > realm.ssoSessionMaxSeconds()) {
            errors.add(new FieldError(
                    PolicyKey.SESSION_MAX_SECONDS.key(),
                    "must not be longer than the realm's SSO " + "session maximum of " + realm.ssoSessionMaxSeconds()
                            + " s, not " + max));
        }
        if (idle != null && max != null && idle > max) {
            errors.add(new FieldError(
                    PolicyKey.SESSION_IDLE_SECONDS.key(),
                    "must not be longer than session.max-seconds (" + max + "), not " + idle));
        }
        if (values.containsKey(PolicyKey.MFA_METHODS) && !values.containsKey(PolicyKey.MFA)) {
            // harmless, but almost certainly a mistake: methods without a requirement do nothing
            errors.add(new FieldError(PolicyKey.MFA_METHODS.key(), "has no effect without mfa (admins or all)"));
        }
    }
}

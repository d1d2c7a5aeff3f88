package dev.tenancy.context.policy;

import java.util.Collection;

/**
 * The password rules that apply to one user: the strictest of every tenant policy the user is subject to (each rule
 * separately: the largest minimum, any "not username"). The realm's own password policy applies on top, unchanged.
 *
 * <p>{@link #check} evaluates the rules that need only the password, the username and the email, and returns the
 * Keycloak message key of the first broken rule (the same keys as Keycloak's own password policies, so every page and
 * the admin API render it as "Invalid password: minimum length 12." and the like).</p>
 */
public record PasswordRules(
        int minLength,
        int upperCase,
        int lowerCase,
        int digits,
        int specialChars,
        boolean notUsername,
        boolean notEmail,
        int history,
        int maxAgeDays) {

    public static final PasswordRules NONE = new PasswordRules(0, 0, 0, 0, 0, false, false, 0, 0);

    /** A broken rule: Keycloak's message key and its parameter (null when it takes none). */
    public record Violation(String messageKey, Integer parameter) {}

    public static PasswordRules of(TenantPolicy policy) {
        return new PasswordRules(
                policy.passwordRule(PolicyKey.PASSWORD_MIN_LENGTH),
                policy.passwordRule(PolicyKey.PASSWORD_UPPER_CASE),
                policy.passwordRule(PolicyKey.PASSWORD_LOWER_CASE),
                policy.passwordRule(PolicyKey.PASSWORD_DIGITS),
                policy.passwordRule(PolicyKey.PASSWORD_SPECIAL_CHARS),
                policy.flag(PolicyKey.PASSWORD_NOT_USERNAME),
                policy.flag(PolicyKey.PASSWORD_NOT_EMAIL),
                policy.passwordRule(PolicyKey.PASSWORD_HISTORY),
                policy.passwordRule(PolicyKey.PASSWORD_MAX_AGE_DAYS));
    }

    /** The strictest combination of all {@code policies}. */
    public static PasswordRules strictest(Collection<TenantPolicy> policies) {
        PasswordRules rules = NONE;
        for (TenantPolicy policy : policies) {
            rules = rules.and(of(policy));
        }
        return rules;
    }

    /** Rule by rule, the stricter of both ({@code 0} for a maximum age means none). */
    public PasswordRules and(PasswordRules other) {
        return new PasswordRules(
                Math.max(minLength, other.minLength),
                Math.max(upperCase, other.upperCase),
                Math.max(lowerCase, other.lowerCase),
                Math.max(digits, other.digits),
                Math.max(specialChars, other.specialChars),
                notUsername || other.notUsername,
                notEmail || other.notEmail,
                Math.max(history, other.history),
                maxAgeDays == 0
                        ? other.maxAgeDays
                        : other.maxAgeDays == 0 ? maxAgeDays : Math.min(maxAgeDays, other.maxAgeDays));
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * The first rule {@code password} breaks (history excepted: it needs the stored hashes), or null.
     *
     * @param username the user's username, or null
     * @param email    the user's email, or null
     */
    public Violation check(String password, String username, String email) {
        if (password.codePointCount(0, password.length()) < minLength) {
            return new Violation("invalidPasswordMinLengthMessage", minLength);
        }
        int upper = 0;
        int lower = 0;
        int digit = 0;
        int special = 0;
        for (char c : password.toCharArray()) {
            if (Character.isUpperCase(c)) {
                upper++;
            } else if (Character.isLowerCase(c)) {
                lower++;
            }
            if (Character.isDigit(c)) {
                digit++;
            } else if (!Character.isLetterOrDigit(c)) {
                special++;
            }
        }
        if (upper < upperCase) {
            return new Violation("invalidPasswordMinUpperCaseCharsMessage", upperCase);
        }
        if (lower < lowerCase) {
            return new Violation("invalidPasswordMinLowerCaseCharsMessage", lowerCase);
        }
        if (digit < digits) {
            return new Violation("invalidPasswordMinDigitsMessage", digits);
        }
        if (special < specialChars) {
            return new Violation("invalidPasswordMinSpecialCharsMessage", specialChars);
        }
        if (notUsername && username != null && username.equalsIgnoreCase(password)) {
            return new Violation("invalidPasswordNotUsernameMessage", null);
        }
        if (notEmail && email != null && email.equalsIgnoreCase(password)) {
            return new Violation("invalidPasswordNotEmailMessage", null);
        }
        return null;
    }
}

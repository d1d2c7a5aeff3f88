package dev.tenancy.context;

import dev.tenancy.context.policy.PolicyKey;
import dev.tenancy.context.policy.RealmBaseline;
import dev.tenancy.context.policy.TenantPolicyValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of an organization's {@code tenancy.*} attributes, whoever writes them (admin console, admin REST, realm
 * import, tenant API): the ONE place that says which keys exist under our prefix and what their values may be.
 *
 * <ul>
 *   <li>{@code tenancy.policy.<key>}: the keys of {@link PolicyKey} with their types and ranges, and "never weaker
 *       than the realm" ({@link TenantPolicyValidator}, as the tenant API's {@code PUT /policy}); an unknown key is
 *       refused.</li>
 *   <li>{@code tenancy.branding.<key>}: {@code display-name}, {@code logo-url}, {@code primary-color} as the login
 *       theme accepts them ({@link TenantBranding}); any other key is an application's own branding, which the tenant
 *       API documents as allowed: key {@code [a-z0-9][a-z0-9.-]{0,63}}, one value of at most 1024 characters.</li>
 *   <li>any other {@code tenancy.*} key of an organization: unknown, refused.</li>
 * </ul>
 * A key whose values are all blank is unset (the console sends an emptied field so). Attributes outside our prefix are
 * none of our business.
 *
 * <p>A write is judged by {@link #introducedBy}: it may not set a key to an invalid value, nor create a new problem
 * (e.g. a session idle limit above a maximum it lowers); problems already stored with a key it does not touch do not
 * block it (they were stored before this check existed, or became invalid when the realm's policy changed; they are
 * ignored at read time and reported by {@link #problems}).
 */
public final class TenantAttributeRules {

    private static final Pattern CUSTOM_BRANDING_KEY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    static final int MAX_CUSTOM_BRANDING_VALUE_LENGTH = 1024;

    private TenantAttributeRules() {}

    /** One refused attribute: its full name and the rule it breaks. */
    public record Problem(String attribute, String rule) {
        @Override
        public String toString() {
            return attribute + ": " + rule;
        }
    }

    /** Every problem of the {@code tenancy.*} attributes among {@code attributes}, in attribute order. */
    public static List<Problem> problems(Map<String, List<String>> attributes, RealmBaseline realm) {
        List<Problem> problems = new ArrayList<>();
        Map<String, List<String>> policy = new LinkedHashMap<>();
        if (attributes == null) {
            return problems;
        }
        attributes.forEach((name, values) -> {
            if (name == null || !name.startsWith(TenancyConventions.ATTRIBUTE_PREFIX) || isUnset(values)) {
                return;
            }
            if (name.startsWith(PolicyKey.ATTRIBUTE_PREFIX)) {
                policy.put(name, values);
            } else if (name.startsWith(TenantBranding.ATTRIBUTE_PREFIX)) {
                brandingProblem(name.substring(TenantBranding.ATTRIBUTE_PREFIX.length()), values)
                        .ifPresent(rule -> problems.add(new Problem(name, rule)));
            } else {
                problems.add(new Problem(
                        name,
                        "unknown organization attribute of Keycloak Tenancy; its keys are " + PolicyKey.ATTRIBUTE_PREFIX
                                + "<key> and " + TenantBranding.ATTRIBUTE_PREFIX + "<key>"));
            }
        });
        for (TenantPolicyValidator.FieldError error :
                TenantPolicyValidator.validateAttributes(policy, realm).errors()) {
            String rule = error.message().startsWith("unknown policy key")
                    ? "unknown policy key; known keys: "
                            + Arrays.stream(PolicyKey.values())
                                    .map(PolicyKey::key)
                                    .toList()
                    : error.message();
            problems.add(new Problem(PolicyKey.ATTRIBUTE_PREFIX + error.field(), rule));
        }
        return problems;
    }

    /**
     * The problems a write from {@code before} to {@code after} would introduce: those of a key it sets or changes,
     * and those that did not exist before. Empty: the write may go ahead.
     */
    public static List<Problem> introducedBy(
            Map<String, List<String>> before, Map<String, List<String>> after, RealmBaseline realm) {
        Map<String, List<String>> old = before == null ? Map.of() : before;
        List<Problem> existing = problems(old, realm);
        return problems(after, realm).stream()
                .filter(problem -> changed(problem.attribute(), old, after) || !existing.contains(problem))
                .toList();
    }

    /** The message of a refused write, naming every key and its rule. */
    public static String message(List<Problem> problems) {
        return "Invalid organization attribute" + (problems.size() == 1 ? "" : "s") + ": "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    private static boolean changed(
            String attribute, Map<String, List<String>> before, Map<String, List<String>> after) {
        List<String> was = before.get(attribute);
        List<String> is = after == null ? null : after.get(attribute);
        return !Objects.equals(isUnset(was) ? null : was, isUnset(is) ? null : is);
    }

    private static java.util.Optional<String> brandingProblem(String key, List<String> values) {
        if (values.size() != 1) {
            return java.util.Optional.of("must be a single value");
        }
        String value = values.get(0);
        if (TenantBranding.KEYS.contains(key)) {
            return TenantBranding.problem(key, value == null ? "" : value);
        }
        if (!CUSTOM_BRANDING_KEY.matcher(key).matches()) {
            return java.util.Optional.of("unknown branding key; the login theme reads " + TenantBranding.KEYS
                    + ", and an application's own key must match " + CUSTOM_BRANDING_KEY.pattern());
        }
        if (value != null && value.length() > MAX_CUSTOM_BRANDING_VALUE_LENGTH) {
            return java.util.Optional.of("must be at most " + MAX_CUSTOM_BRANDING_VALUE_LENGTH + " characters");
        }
        return java.util.Optional.empty();
    }

    private static boolean isUnset(List<String> values) {
        return values == null || values.stream().allMatch(v -> v == null || v.isBlank());
    }
}

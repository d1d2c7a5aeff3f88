package dev.tenancy.context.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordRulesTest {

    static TenantPolicy policy(Map<String, ?> input) {
        TenantPolicyValidator.Result result = TenantPolicyValidator.validate(input, RealmBaseline.NONE);
        assertThat(result.errors()).isEmpty();
        return result.policy();
    }

    @Test
    void theStrictestRuleOfEveryTenantApplies() {
        TenantPolicy acme =
                policy(Map.of("password.min-length", 12, "password.digits", 1, "password.max-age-days", 90));
        TenantPolicy globex = policy(Map.of(
                "password.min-length",
                10,
                "password.special-chars",
                2,
                "password.not-username",
                true,
                "password.history",
                5,
                "password.max-age-days",
                30));
        PasswordRules rules = PasswordRules.strictest(List.of(acme, globex, TenantPolicy.EMPTY));
        assertThat(rules).isEqualTo(new PasswordRules(12, 0, 0, 1, 2, true, false, 5, 30));
    }

    @Test
    void theFirstBrokenRuleIsNamedWithKeycloaksMessageKey() {
        PasswordRules rules = new PasswordRules(12, 1, 1, 1, 1, true, true, 0, 0);
        assertThat(rules.check("Short1!", "alice", "alice@acme.test"))
                .isEqualTo(new PasswordRules.Violation("invalidPasswordMinLengthMessage", 12));
        assertThat(rules.check("alllowercase1!", "alice", null))
                .isEqualTo(new PasswordRules.Violation("invalidPasswordMinUpperCaseCharsMessage", 1));
        assertThat(rules.check("ALLUPPERCASE1!", "alice", null))
                .isEqualTo(new PasswordRules.Violation("invalidPasswordMinLowerCaseCharsMessage", 1));
        assertThat(rules.check("NoDigitsHere!!", "alice", null))
                .isEqualTo(new PasswordRules.Violation("invalidPasswordMinDigitsMessage", 1));
        assertThat(rules.check("NoSpecials1234", "alice", null))
                .isEqualTo(new PasswordRules.Violation("invalidPasswordMinSpecialCharsMessage", 1));
        assertThat(rules.check("Alice.Long.Name1", "alice.long.name1", null))
                .isEqualTo(new PasswordRules.Violation("invalidPasswordNotUsernameMessage", null));
        assertThat(rules.check("Al1ce@acme.test", "alice", "al1ce@acme.test"))
                .isEqualTo(new PasswordRules.Violation("invalidPasswordNotEmailMessage", null));
        assertThat(rules.check("Correct-Horse-1", "alice", "alice@acme.test")).isNull();
    }

    @Test
    void noRulesAcceptAnything() {
        assertThat(PasswordRules.NONE.check("x", "x", "x")).isNull();
        assertThat(PasswordRules.strictest(List.of()).isNone()).isTrue();
    }
}

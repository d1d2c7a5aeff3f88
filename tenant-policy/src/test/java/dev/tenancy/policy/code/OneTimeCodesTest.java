package dev.tenancy.policy.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.policy.code.OneTimeCodes.Check;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.sessions.AuthenticationSessionModel;

class OneTimeCodesTest {

    private static final String PREFIX = "tenancy.test-code";

    /** The auth notes of one login; nothing else of the authentication session is used. */
    private final Map<String, String> notes = new HashMap<>();

    private final OneTimeCodes codes = new OneTimeCodes(authSession(notes), PREFIX);

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    void codesHaveTheirLengthInDigitsAndVary() {
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = OneTimeCodes.newCode(6);
            assertThat(code).matches("\\d{6}");
            drawn.add(code);
        }
        assertThat(drawn.size()).isGreaterThan(190);
        assertThat(OneTimeCodes.newCode(8)).matches("\\d{8}");
    }

    @Test
    void theStoredHashDependsOnSaltAndCode() {
        String hash = OneTimeCodes.hash("salt-a", "123456");
        assertThat(hash).isEqualTo(OneTimeCodes.hash("salt-a", "123456")).doesNotContain("123456");
        assertThat(OneTimeCodes.hash("salt-b", "123456")).isNotEqualTo(hash);
        assertThat(OneTimeCodes.hash("salt-a", "123457")).isNotEqualTo(hash);
    }

    @Test
    void onlyASaltedHashOfTheCodeIsKept() {
        String code = codes.issue(6, 300);
        assertThat(notes).containsKeys(PREFIX + ".hash", PREFIX + ".salt", PREFIX + ".expires");
        assertThat(notes.values()).noneMatch(value -> value.contains(code));
        assertThat(codes.pending()).isTrue();
    }

    @Test
    void theRightCodeIsValidOnce() {
        String code = codes.issue(6, 300);
        assertThat(codes.check(code.substring(0, 3) + " " + code.substring(3), 3))
                .as("as printed, with a space")
                .isEqualTo(Check.VALID);
        assertThat(codes.check(code, 3)).as("single use").isEqualTo(Check.NO_CODE);
        assertThat(codes.pending()).isFalse();
    }

    @Test
    void theLastAllowedWrongEntryVoidsTheCodeEvenForTheRightOne() {
        String code = codes.issue(6, 300);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThat(codes.check(wrong, 3)).isEqualTo(Check.WRONG);
        assertThat(codes.check(null, 3)).isEqualTo(Check.WRONG);
        assertThat(codes.check(wrong, 3)).isEqualTo(Check.TOO_MANY_ATTEMPTS);
        assertThat(codes.check(code, 3)).isEqualTo(Check.NO_CODE);
    }

    @Test
    void anExpiredCodeIsVoid() {
        String code = codes.issue(6, 60);
        Time.setOffset(61);
        assertThat(codes.pending()).isFalse();
        assertThat(codes.check(code, 3)).isEqualTo(Check.EXPIRED);
        assertThat(codes.check(code, 3)).isEqualTo(Check.NO_CODE);
    }

    @Test
    void aNewCodeReplacesTheOldOneAndStartsItsAttemptsAgain() {
        String first = codes.issue(6, 300);
        String wrong = first.equals("000000") ? "111111" : "000000";
        assertThat(codes.check(wrong, 2)).isEqualTo(Check.WRONG);
        String second = codes.issue(6, 300);
        if (!second.equals(first)) {
            assertThat(codes.check(first, 2)).isEqualTo(Check.WRONG);
        }
        assertThat(codes.check(second, 2)).isEqualTo(Check.VALID);
    }

    @Test
    void sendsAreCountedForTheMaximumAndTheCooldownUntilForgotten() {
        assertThat(codes.sent()).isZero();
        assertThat(codes.cooldownLeft(30)).isZero();
        codes.keep("123456", 300);
        codes.keep("654321", 300);
        assertThat(codes.sent()).isEqualTo(2);
        assertThat(codes.cooldownLeft(30)).isBetween(29, 30);
        Time.setOffset(31);
        assertThat(codes.cooldownLeft(30)).isZero();

        codes.clear();
        assertThat(codes.pending()).isFalse();
        assertThat(codes.sent()).as("a cleared code still counts as sent").isEqualTo(2);
        codes.forgetSends();
        assertThat(codes.sent()).isZero();
        assertThat(notes).isEmpty();
    }

    @Test
    void codesOfTwoUsesOfOneLoginAreApart() {
        OneTimeCodes other = new OneTimeCodes(authSession(notes), "tenancy.other-code");
        String code = codes.issue(6, 300);
        assertThat(other.pending()).isFalse();
        assertThat(other.check(code, 3)).isEqualTo(Check.NO_CODE);
        assertThat(codes.check(code, 3)).isEqualTo(Check.VALID);
    }

    /** An authentication session that has only auth notes, in {@code notes}. */
    private static AuthenticationSessionModel authSession(Map<String, String> notes) {
        return (AuthenticationSessionModel) Proxy.newProxyInstance(
                OneTimeCodesTest.class.getClassLoader(),
                new Class<?>[] {AuthenticationSessionModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAuthNote" -> notes.get((String) args[0]);
                    case "setAuthNote" -> notes.put((String) args[0], (String) args[1]);
                    case "removeAuthNote" -> notes.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

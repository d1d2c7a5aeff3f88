package dev.tenancy.policy.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class EmailCodeTest {

    @Test
    void codesAreSixDigitsAndVary() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = EmailCodeAuthenticator.newCode();
            assertThat(code).matches("\\d{6}");
            codes.add(code);
        }
        assertThat(codes.size()).isGreaterThan(190);
    }

    @Test
    void theStoredHashDependsOnSaltAndCode() {
        String hash = EmailCodeAuthenticator.hash("salt-a", "123456");
        assertThat(hash)
                .isEqualTo(EmailCodeAuthenticator.hash("salt-a", "123456"))
                .doesNotContain("123456");
        assertThat(EmailCodeAuthenticator.hash("salt-b", "123456")).isNotEqualTo(hash);
        assertThat(EmailCodeAuthenticator.hash("salt-a", "123457")).isNotEqualTo(hash);
    }

    @Test
    void theAddressIsMasked() {
        assertThat(EmailCodeAuthenticator.mask("jane.doe@example.com")).isEqualTo("j***@example.com");
        assertThat(EmailCodeAuthenticator.mask("broken")).isEqualTo("***");
    }

    @Test
    void settingsDefaultAndAreClampedToTheirRanges() {
        assertThat(EmailCodeConfig.of(null)).isEqualTo(EmailCodeConfig.DEFAULTS);
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of(
                EmailCodeConfig.TTL_SECONDS,
                "5",
                EmailCodeConfig.MAX_ATTEMPTS,
                "99",
                EmailCodeConfig.MAX_CODES,
                "many"));
        assertThat(EmailCodeConfig.of(model)).isEqualTo(new EmailCodeConfig(30, 10, 3));
    }
}

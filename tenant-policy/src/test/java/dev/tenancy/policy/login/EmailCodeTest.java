package dev.tenancy.policy.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class EmailCodeTest {

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

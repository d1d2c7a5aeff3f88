package dev.tenancy.policy.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class PhoneNumbersTest {

    static final List<String> DENIED = SmsConfig.of(null).deniedPrefixes();

    @Test
    void numbersAreMadeE164() {
        assertThat(PhoneNumbers.normalize("+49 151 2345-6789", DENIED).number()).isEqualTo("+4915123456789");
        assertThat(PhoneNumbers.normalize("0049 (151) 23456789", DENIED).number())
                .isEqualTo("+4915123456789");
        assertThat(PhoneNumbers.normalize(" +1 415.555.0100 ", DENIED).number()).isEqualTo("+14155550100");
    }

    @Test
    void malformedNationalAndShortNumbersAreRefused() {
        for (String bad : List.of(
                "",
                "   ",
                "0151 23456789",
                "+0151234567",
                "+49abc1234567",
                "12345",
                "+4912",
                "+1234567890123456",
                "+49 151 2345 6789 0000 1111 2222 3333 4444 5555",
                "<script>",
                "+49 151 2345678x")) {
            PhoneNumbers.Result result = PhoneNumbers.normalize(bad, DENIED);
            assertThat(result.ok()).as(bad).isFalse();
            assertThat(result.errorKey()).isEqualTo("tenancySmsPhoneInvalid");
        }
        assertThat(PhoneNumbers.normalize(null, DENIED).errorKey()).isEqualTo("tenancySmsPhoneInvalid");
    }

    @Test
    void premiumRateNumbersOfTheDenyListAreRefused() {
        assertThat(PhoneNumbers.normalize("+49 900 1234567", DENIED).errorKey()).isEqualTo("tenancySmsPhoneDenied");
        assertThat(PhoneNumbers.normalize("+1 900 555 0100", DENIED).errorKey()).isEqualTo("tenancySmsPhoneDenied");
        assertThat(PhoneNumbers.normalize("+44 909 8790000", DENIED).errorKey()).isEqualTo("tenancySmsPhoneDenied");
        assertThat(PhoneNumbers.normalize("+4915123456789", List.of("+49151")).errorKey())
                .isEqualTo("tenancySmsPhoneDenied");
        assertThat(PhoneNumbers.normalize("+4915123456789", List.of("49 151")).errorKey())
                .as("a prefix without + is read as international")
                .isEqualTo("tenancySmsPhoneDenied");
        assertThat(PhoneNumbers.normalize("+4915123456789", List.of()).ok()).isTrue();
    }

    @Test
    void theNumberIsMasked() {
        assertThat(PhoneNumbers.mask("+4915123456789")).isEqualTo("+49\u202689").doesNotContain("1512345");
        assertThat(PhoneNumbers.mask(null)).isEqualTo("***");
    }

    @Test
    void settingsDefaultAndAreClampedToTheirRanges() {
        SmsConfig defaults = SmsConfig.of(null);
        assertThat(defaults.gateway()).isEqualTo("webhook");
        assertThat(defaults.codeLength()).isEqualTo(6);
        assertThat(defaults.ttlSeconds()).isEqualTo(300);
        assertThat(defaults.timeoutMillis()).isEqualTo(5000);
        assertThat(defaults.deniedPrefixes()).contains("+49900", "+1900");
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of(
                SmsConfig.CODE_LENGTH,
                "2",
                SmsConfig.TTL_SECONDS,
                "999999",
                SmsConfig.TIMEOUT_MILLIS,
                "60000",
                SmsConfig.MAX_PER_USER,
                "lots",
                SmsConfig.DENIED_PREFIXES,
                " +123 , ,+456"));
        SmsConfig clamped = SmsConfig.of(model);
        assertThat(clamped.codeLength()).isEqualTo(4);
        assertThat(clamped.ttlSeconds()).isEqualTo(3600);
        assertThat(clamped.timeoutMillis()).isEqualTo(15_000);
        assertThat(clamped.maxPerUser()).isEqualTo(5);
        assertThat(clamped.deniedPrefixes()).containsExactly("+123", "+456");
    }

    @Test
    void webhookValuesAreJsonEscaped() {
        assertThat(WebhookSmsGateway.json("a\"b\\c\nd\u0001")).isEqualTo("a\\\"b\\\\c\\nd\\u0001");
    }
}

package dev.tenancy.policy.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The SMS pages' and text's messages exist in English and German, and the templates use only those keys. */
class SmsMessagesTest {

    static Properties bundle(String language) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = SmsMessagesTest.class.getResourceAsStream(
                "/tenancy-policy-theme/messages/messages_" + language + ".properties")) {
            messages.load(in);
        }
        return messages;
    }

    static Set<String> smsKeys(Properties messages) {
        return messages.stringPropertyNames().stream()
                .filter(k -> k.startsWith("tenancySms"))
                .collect(Collectors.toSet());
    }

    @Test
    void englishAndGermanHaveTheSameSmsKeysAndEveryKeyTheCodeUses() throws IOException {
        Properties en = bundle("en");
        Properties de = bundle("de");
        assertThat(smsKeys(de)).isEqualTo(smsKeys(en));
        assertThat(smsKeys(en))
                .contains(
                        "tenancySmsText",
                        "tenancySmsInvalid",
                        "tenancySmsExpired",
                        "tenancySmsTooManyAttempts",
                        "tenancySmsNoCode",
                        "tenancySmsCooldown",
                        "tenancySmsRateLimited",
                        "tenancySmsNotSent",
                        "tenancySmsResent",
                        "tenancySmsPhoneInvalid",
                        "tenancySmsPhoneDenied");
        for (String template : new String[] {SmsCodeAuthenticator.TEMPLATE, SmsPhoneRequiredAction.PHONE_TEMPLATE}) {
            String text;
            try (InputStream in =
                    SmsMessagesTest.class.getResourceAsStream("/tenancy-policy-theme/login/" + template)) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            java.util.regex.Matcher keys = java.util.regex.Pattern.compile("msg\\(\"(tenancySms\\w+)\"")
                    .matcher(text);
            while (keys.find()) {
                assertThat(en).as(template).containsKey(keys.group(1));
            }
        }
    }

    @Test
    void theTextHoldsTheCodeRealmAndLifetimeInBothLanguages() throws IOException {
        for (String language : new String[] {"en", "de"}) {
            String text = new MessageFormat(
                            bundle(language).getProperty("tenancySmsText"), Locale.forLanguageTag(language))
                    .format(new Object[] {"123456", "Acme", "5"});
            assertThat(text).contains("123456").contains("Acme").contains("5");
        }
    }
}

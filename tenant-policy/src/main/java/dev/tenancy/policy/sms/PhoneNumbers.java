package dev.tenancy.policy.sms;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a user types as phone number, made E.164 ({@code +} country code and subscriber number, 8 to 15 digits in all)
 * or refused. Spaces, dashes, dots, slashes and parentheses are dropped, a leading {@code 00} is read as {@code +};
 * a national number (no country code) is refused, since we cannot know the country. Short codes (3-6 digit service
 * numbers) are too short for E.164, and numbers starting with a denied prefix (premium-rate, shared-cost) are refused:
 * an attacker must not make the realm pay for texts to a number that pays the attacker.
 */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");
    private static final Pattern DECORATION = Pattern.compile("[\\s\\-./()]");
    private static final int MAX_INPUT = 40;

    /** The outcome of {@link #normalize}: the E.164 number, or the message key that says what is wrong. */
    public record Result(String number, String errorKey) {
        public boolean ok() {
            return number != null;
        }
    }

    private PhoneNumbers() {}

    public static Result normalize(String input, List<String> deniedPrefixes) {
        if (input == null || input.isBlank() || input.length() > MAX_INPUT) {
            return new Result(null, "tenancySmsPhoneInvalid");
        }
        String number = DECORATION.matcher(input.trim()).replaceAll("");
        if (number.startsWith("00")) {
            number = "+" + number.substring(2);
        }
        if (!E164.matcher(number).matches()) {
            return new Result(null, "tenancySmsPhoneInvalid");
        }
        for (String prefix : deniedPrefixes) {
            String denied = DECORATION.matcher(prefix).replaceAll("");
            if (!denied.isEmpty() && number.startsWith(denied.startsWith("+") ? denied : "+" + denied)) {
                return new Result(null, "tenancySmsPhoneDenied");
            }
        }
        return new Result(number, null);
    }

    /** {@code +49 *** **67}: enough for the user to recognise the number, not to learn it. */
    public static String mask(String number) {
        if (number == null || number.length() < 6) {
            return "***";
        }
        return number.substring(0, 3) + "\u2026" + number.substring(number.length() - 2);
    }
}

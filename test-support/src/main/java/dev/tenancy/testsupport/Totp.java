package dev.tenancy.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TOTP authenticator app for tests (RFC 6238 with Keycloak's default OTP policy: HMAC-SHA1, 6 digits, 30 s), and a
 * {@link BrowserlessLogin.FieldSource} that plays a user with that app: on Keycloak's "Mobile Authenticator Setup"
 * page it reads the secret (the page's hidden {@code totpSecret}, whose UTF-8 bytes are the key) and answers with a
 * code; on the one-time-code page it types the current code.
 */
public final class Totp implements BrowserlessLogin.FieldSource {

    private static final Pattern SETUP_SECRET = Pattern.compile(
            "<input[^>]*name=\"totpSecret\"[^>]*value=\"([^\"]*)\"|<input[^>]*value=\"([^\"]*)\"[^>]*name=\"totpSecret\"");
    private static final Pattern OTP_INPUT = Pattern.compile("<input[^>]*name=\"otp\"");
    private static final Pattern TOTP_INPUT = Pattern.compile("<input[^>]*name=\"totp\"");

    private final Map<String, String> credentials;
    private String secret;
    private int pagesWithCode;
    private long lastCounter = -1;

    /** A user typing {@code username}/{@code password} on the login page and owning (or about to set up) an app. */
    public Totp(String username, String password) {
        this.credentials = Http.fields("username", username, "password", password);
    }

    /** The secret the user's app holds (read from the setup page), or null before setup. */
    public String secret() {
        return secret;
    }

    /** How many pages asked for a one-time code (setup or login). */
    public int pagesWithCode() {
        return pagesWithCode;
    }

    @Override
    public Map<String, String> valuesFor(String page) {
        Map<String, String> values = Http.fields();
        values.putAll(credentials);
        Matcher setup = SETUP_SECRET.matcher(page);
        if (setup.find() && TOTP_INPUT.matcher(page).find()) {
            secret = HtmlForm.unescape(setup.group(1) != null ? setup.group(1) : setup.group(2));
            values.put("totp", nextCode());
            values.put("userLabel", "test app");
            pagesWithCode++;
        } else if (OTP_INPUT.matcher(page).find() && secret != null) {
            values.put("otp", nextCode());
            pagesWithCode++;
        }
        return values;
    }

    /**
     * The code of the current 30 s step, or of the next step when the current one was used already: Keycloak refuses
     * a code used before, and accepts the adjacent steps (its OTP policy's look-around window of 1), so a test never
     * waits for the clock.
     */
    private String nextCode() {
        long counter = Math.max(System.currentTimeMillis() / 1000 / 30, lastCounter + 1);
        while (counter > System.currentTimeMillis() / 1000 / 30 + 1) {
            try {
                Thread.sleep(1_000); // a third code within one step: wait until the look-around accepts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        lastCounter = counter;
        return code(secret, counter * 30);
    }

    /** The 6-digit code of {@code secret} (its UTF-8 bytes are the HMAC key) at {@code epochSeconds}. */
    public static String code(String secret, long epochSeconds) {
        long counter = epochSeconds / 30;
        byte[] message = new byte[8];
        for (int i = 7; i >= 0; i--) {
            message[i] = (byte) (counter & 0xff);
            counter >>= 8;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(message);
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

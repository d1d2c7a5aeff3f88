package dev.tenancy.policy.code;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.keycloak.common.util.Time;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one-time code of ONE login (the e-mail code, the SMS code, the SMS phone setup), kept as auth notes of its
 * authentication session (Keycloak replicates them with the login and drops them with it; no JVM state): a salted
 * SHA-256 hash, never the code, with its expiry and wrong-attempt count, and how many codes this login was sent and
 * when the last one was (for the per-login maximum and the resend cooldown). A code of another login, another user's
 * included, is simply not in this session. Compared in constant time; removed on success (single use) and after too
 * many wrong entries.
 */
public final class OneTimeCodes {

    /** What an entered code is. */
    public enum Check {
        VALID,
        WRONG,
        TOO_MANY_ATTEMPTS,
        EXPIRED,
        NO_CODE
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthenticationSessionModel authSession;
    private final String hashNote;
    private final String saltNote;
    private final String expiresNote;
    private final String attemptsNote;
    private final String sentNote;
    private final String sentAtNote;

    /** @param prefix the notes' prefix, one per use (e.g. {@code tenancy.email-code}) */
    public OneTimeCodes(AuthenticationSessionModel authSession, String prefix) {
        this.authSession = authSession;
        this.hashNote = prefix + ".hash";
        this.saltNote = prefix + ".salt";
        this.expiresNote = prefix + ".expires";
        this.attemptsNote = prefix + ".attempts";
        this.sentNote = prefix + ".sent";
        this.sentAtNote = prefix + ".sent-at";
    }

    /** A new random code of {@code length} decimal digits, from {@link SecureRandom}. */
    public static String newCode(int length) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return code.toString();
    }

    /**
     * A new code of {@code length} digits, kept at once (replacing any earlier one): for a sender that must
     * {@link #clear()} it when the sending fails, so that a code that never arrived is not guessable. Returns the code,
     * to be sent and forgotten.
     */
    public String issue(int length, int ttlSeconds) {
        String code = newCode(length);
        keep(code, ttlSeconds);
        return code;
    }

    /**
     * Keeps the hash of {@code code}, sent just now, as this login's code (replacing any earlier one) for
     * {@code ttlSeconds}, with no wrong attempt yet; counts the send.
     */
    public void keep(String code, int ttlSeconds) {
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = Base64.getUrlEncoder().withoutPadding().encodeToString(saltBytes);
        int now = Time.currentTime();
        authSession.setAuthNote(saltNote, salt);
        authSession.setAuthNote(hashNote, hash(salt, code));
        authSession.setAuthNote(expiresNote, Integer.toString(now + ttlSeconds));
        authSession.setAuthNote(attemptsNote, "0");
        authSession.setAuthNote(sentNote, Integer.toString(sent() + 1));
        authSession.setAuthNote(sentAtNote, Integer.toString(now));
    }

    /** Whether a code is waiting and not expired (a reload of the page keeps it). */
    public boolean pending() {
        return authSession.getAuthNote(hashNote) != null
                && Time.currentTime() <= parse(authSession.getAuthNote(expiresNote));
    }

    /** How many codes this login was sent (since {@link #forgetSends()}). */
    public int sent() {
        return parse(authSession.getAuthNote(sentNote));
    }

    /** Seconds until another code may be sent by this login (0: now). */
    public int cooldownLeft(int cooldownSeconds) {
        String sentAt = authSession.getAuthNote(sentAtNote);
        return sentAt == null ? 0 : Math.max(0, parse(sentAt) + cooldownSeconds - Time.currentTime());
    }

    /**
     * Checks an entered code (white space ignored: "123 456" as printed). A wrong code counts an attempt; the
     * {@code maxAttempts}-th wrong one voids the code, as does its expiry.
     */
    public Check check(String entered, int maxAttempts) {
        String hash = authSession.getAuthNote(hashNote);
        if (hash == null) {
            return Check.NO_CODE;
        }
        if (Time.currentTime() > parse(authSession.getAuthNote(expiresNote))) {
            clear();
            return Check.EXPIRED;
        }
        String candidate = entered == null ? "" : entered.replaceAll("\\s", "");
        if (MessageDigest.isEqual(
                hash(authSession.getAuthNote(saltNote), candidate).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII))) {
            clear();
            return Check.VALID;
        }
        int attempts = parse(authSession.getAuthNote(attemptsNote)) + 1;
        if (attempts >= maxAttempts) {
            clear(); // even the right code does not count any more
            return Check.TOO_MANY_ATTEMPTS;
        }
        authSession.setAuthNote(attemptsNote, Integer.toString(attempts));
        return Check.WRONG;
    }

    /** Forgets the code (the sends stay counted: the maximum and the cooldown still hold). */
    public void clear() {
        authSession.removeAuthNote(hashNote);
        authSession.removeAuthNote(saltNote);
        authSession.removeAuthNote(expiresNote);
        authSession.removeAuthNote(attemptsNote);
    }

    /** Forgets the sends too: after the factor succeeded, a later step of the same login starts afresh. */
    public void forgetSends() {
        authSession.removeAuthNote(sentNote);
        authSession.removeAuthNote(sentAtNote);
    }

    static String hash(String salt, String code) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((salt == null ? "" : salt).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(sha256.digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int parse(String number) {
        try {
            return number == null ? 0 : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

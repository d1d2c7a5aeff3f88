package dev.tenancy.policy.sms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.keycloak.common.util.Time;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The SMS code of ONE login, kept as auth notes of its authentication session (Keycloak replicates them with the
 * login and drops them with it; no JVM state): a salted SHA-256 hash, never the code, with its expiry, wrong-attempt
 * count and the time of the last send (for the resend cooldown). A code of another login, another user's included,
 * is simply not in this session. Compared in constant time; removed on success (single use).
 */
final class SmsCodes {

    /** What an entered code is. */
    enum Check {
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
    private final String sentAtNote;

    /** @param prefix the notes' prefix, one per use (the login's factor, the phone setup) */
    SmsCodes(AuthenticationSessionModel authSession, String prefix) {
        this.authSession = authSession;
        this.hashNote = prefix + ".hash";
        this.saltNote = prefix + ".salt";
        this.expiresNote = prefix + ".expires";
        this.attemptsNote = prefix + ".attempts";
        this.sentAtNote = prefix + ".sent-at";
    }

    /** A new code of {@code length} digits; only its hash is kept. Returns the code, to be sent and forgotten. */
    String issue(int length, int ttlSeconds) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append((char) ('0' + RANDOM.nextInt(10)));
        }
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = Base64.getUrlEncoder().withoutPadding().encodeToString(saltBytes);
        authSession.setAuthNote(saltNote, salt);
        authSession.setAuthNote(hashNote, hash(salt, code.toString()));
        authSession.setAuthNote(expiresNote, Integer.toString(Time.currentTime() + ttlSeconds));
        authSession.setAuthNote(attemptsNote, "0");
        authSession.setAuthNote(sentAtNote, Integer.toString(Time.currentTime()));
        return code.toString();
    }

    /** Whether a code is waiting and not expired (a reload of the page keeps it). */
    boolean pending() {
        return authSession.getAuthNote(hashNote) != null
                && Time.currentTime() <= parse(authSession.getAuthNote(expiresNote));
    }

    /** Seconds until another code may be sent by this login (0: now). */
    int cooldownLeft(int cooldownSeconds) {
        String sentAt = authSession.getAuthNote(sentAtNote);
        return sentAt == null ? 0 : Math.max(0, parse(sentAt) + cooldownSeconds - Time.currentTime());
    }

    Check check(String entered, int maxAttempts) {
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

    /** Forgets the code (the send time stays: the cooldown still holds). */
    void clear() {
        authSession.removeAuthNote(hashNote);
        authSession.removeAuthNote(saltNote);
        authSession.removeAuthNote(expiresNote);
        authSession.removeAuthNote(attemptsNote);
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

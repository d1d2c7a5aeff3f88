package dev.tenancy.policy.sms;

import dev.tenancy.context.policy.MfaMethod;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * A user's verified SMS number: a Keycloak credential of type {@value MfaMethod#SMS_CREDENTIAL_TYPE} whose data holds
 * the E.164 number. A credential (not a user attribute) so that it is what Keycloak treats as a second factor: listed
 * in the user's Credentials tab, removed there by a realm admin (lost phone), counted by the tenant policy's "factor
 * set up since" rule through its creation time, and not editable through the user profile.
 */
final class SmsPhoneCredential {

    private static final String NUMBER = "phoneNumber";

    private SmsPhoneCredential() {}

    /** The user's verified number, if any (the newest credential when there are several). */
    static Optional<String> number(UserModel user) {
        return user.credentialManager()
                .getStoredCredentialsByTypeStream(MfaMethod.SMS_CREDENTIAL_TYPE)
                .reduce((first, second) -> second)
                .map(SmsPhoneCredential::numberOf)
                .filter(n -> n != null && !n.isBlank());
    }

    /** Stores {@code number} as the user's one SMS credential, replacing an earlier one. */
    static void store(UserModel user, String number) {
        user.credentialManager()
                .getStoredCredentialsByTypeStream(MfaMethod.SMS_CREDENTIAL_TYPE)
                .map(CredentialModel::getId)
                .toList()
                .forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        CredentialModel credential = new CredentialModel();
        credential.setType(MfaMethod.SMS_CREDENTIAL_TYPE);
        credential.setUserLabel(PhoneNumbers.mask(number));
        credential.setCreatedDate(Time.currentTimeMillis());
        try {
            credential.setCredentialData(JsonSerialization.writeValueAsString(Map.of(NUMBER, number)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        credential.setSecretData("{}");
        user.credentialManager().createStoredCredential(credential);
    }

    private static String numberOf(CredentialModel credential) {
        try {
            Object number = JsonSerialization.readValue(credential.getCredentialData(), Map.class)
                    .get(NUMBER);
            return number instanceof String text ? text : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

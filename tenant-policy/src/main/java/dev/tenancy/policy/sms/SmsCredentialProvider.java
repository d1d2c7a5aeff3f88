package dev.tenancy.policy.sms;

import dev.tenancy.context.policy.MfaMethod;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Makes the SMS number ({@value MfaMethod#SMS_CREDENTIAL_TYPE}) a credential type Keycloak knows: the login picks the
 * SMS factor by the order of the user's credentials, as it does for OTP and WebAuthn, and the account console lists
 * it as a two-factor credential the user may remove, with {@value MfaMethod#SMS_SETUP_ACTION} to set it up.
 */
public class SmsCredentialProvider implements CredentialProvider<CredentialModel> {

    private final KeycloakSession session;

    SmsCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return MfaMethod.SMS_CREDENTIAL_TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("SMS one-time codes")
                .helpText("Sign-in codes sent by SMS to your phone.")
                .iconCssClass("kcAuthenticatorOTPClass")
                .createAction(MfaMethod.SMS_SETUP_ACTION)
                .removeable(true)
                .build(session);
    }
}

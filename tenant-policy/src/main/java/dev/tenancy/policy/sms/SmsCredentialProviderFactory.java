package dev.tenancy.policy.sms;

import com.google.auto.service.AutoService;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers {@link SmsCredentialProvider}. */
@AutoService(CredentialProviderFactory.class)
public class SmsCredentialProviderFactory implements CredentialProviderFactory<SmsCredentialProvider> {

    public static final String PROVIDER_ID = "tenancy-sms-phone";

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new SmsCredentialProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

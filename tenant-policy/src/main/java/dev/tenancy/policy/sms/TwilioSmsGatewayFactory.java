package dev.tenancy.policy.sms;

import com.google.auto.service.AutoService;
import java.net.http.HttpClient;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the {@code twilio} SMS gateway (a Twilio-compatible Messages API). */
@AutoService(SmsGatewayProviderFactory.class)
public class TwilioSmsGatewayFactory implements SmsGatewayProviderFactory {

    public static final String PROVIDER_ID = "twilio";
    private HttpClient http;

    @Override
    public SmsGatewayProvider create(KeycloakSession session) {
        return new TwilioSmsGateway(session, http);
    }

    @Override
    public void init(Config.Scope config) {
        http = HttpSmsGateway.newClient();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {
        HttpSmsGateway.close(http);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

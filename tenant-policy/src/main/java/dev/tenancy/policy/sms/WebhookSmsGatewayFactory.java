package dev.tenancy.policy.sms;

import com.google.auto.service.AutoService;
import java.net.http.HttpClient;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the {@code webhook} SMS gateway (a generic HTTP JSON POST). */
@AutoService(SmsGatewayProviderFactory.class)
public class WebhookSmsGatewayFactory implements SmsGatewayProviderFactory {

    public static final String PROVIDER_ID = "webhook";
    private HttpClient http;

    @Override
    public SmsGatewayProvider create(KeycloakSession session) {
        return new WebhookSmsGateway(session, http);
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

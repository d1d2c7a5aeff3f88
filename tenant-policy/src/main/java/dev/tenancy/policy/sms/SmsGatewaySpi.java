package dev.tenancy.policy.sms;

import com.google.auto.service.AutoService;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@value #NAME}: where SMS one-time codes leave Keycloak. Two providers ship ({@code webhook}, {@code twilio});
 * another gateway is one more factory in a provider jar. Which one a realm uses is its SMS execution's config.
 */
@AutoService(Spi.class)
public class SmsGatewaySpi implements Spi {

    public static final String NAME = "tenancy-sms-gateway";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SmsGatewayProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SmsGatewayProviderFactory.class;
    }
}

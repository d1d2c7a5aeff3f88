package dev.tenancy.policy.sms;

import org.keycloak.provider.ProviderFactory;

/** Factory of an {@link SmsGatewayProvider}; its id is the value of {@link SmsConfig#GATEWAY}. */
public interface SmsGatewayProviderFactory extends ProviderFactory<SmsGatewayProvider> {}

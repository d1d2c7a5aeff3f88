package dev.tenancy.policy.sms;

import org.keycloak.provider.Provider;

/** Sends one text message through a gateway, within {@link SmsConfig#timeoutMillis()}, or fails. */
public interface SmsGatewayProvider extends Provider {

    /**
     * @param config the realm's settings (address and secrets of the gateway; secrets may be vault references)
     * @param to     an E.164 number
     * @param text   the message; it holds a code, so it must never be logged
     * @throws SmsGatewayException when the gateway did not accept the message in time
     */
    void send(SmsConfig config, String to, String text) throws SmsGatewayException;

    @Override
    default void close() {}
}

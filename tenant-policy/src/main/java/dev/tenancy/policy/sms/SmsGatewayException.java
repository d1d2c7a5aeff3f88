package dev.tenancy.policy.sms;

/** The gateway did not accept a message (error status, unreachable, timeout). The message never holds the text. */
public class SmsGatewayException extends Exception {

    public SmsGatewayException(String message) {
        super(message);
    }

    public SmsGatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}

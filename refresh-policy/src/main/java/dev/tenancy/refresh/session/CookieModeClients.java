package dev.tenancy.refresh.session;

import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/** Which clients may use cookie mode: known, enabled, and set up for it (public, code flow with PKCE S256, ...). */
final class CookieModeClients {

    private CookieModeClients() {}

    /** The realm's enabled client {@code clientId}; else 401 {@code invalid_client}. */
    static ClientModel enabled(KeycloakSession session, String clientId) {
        // NUL never reaches the database: PostgreSQL refuses it in a text parameter (a 500), no client id holds it
        ClientModel client = clientId == null || clientId.indexOf('\0') >= 0
                ? null
                : session.getContext().getRealm().getClientByClientId(clientId);
        if (client == null || !client.isEnabled()) {
            throw OAuthErrors.exception(
                    Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT, "Unknown or disabled client");
        }
        return client;
    }

    /** 403 {@code unauthorized_client} when {@code client} is not set up for cookie mode. */
    static void refuseMisconfigured(ClientModel client, String clientId) {
        String misconfiguration = misconfiguration(client);
        if (misconfiguration != null) {
            throw OAuthErrors.exception(
                    Response.Status.FORBIDDEN,
                    OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "Client '" + clientId + "' cannot use cookie mode: " + misconfiguration);
        }
    }

    /** Why a client cannot use cookie mode, or null. */
    static String misconfiguration(ClientModel client) {
        if (!"true".equals(client.getAttribute(CookieSessionResource.COOKIE_MODE_ATTRIBUTE))) {
            return "client attribute " + CookieSessionResource.COOKIE_MODE_ATTRIBUTE + " is not true";
        }
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(
                client.getProtocol() == null ? OIDCLoginProtocol.LOGIN_PROTOCOL : client.getProtocol())) {
            return "it is not an OpenID Connect client";
        }
        if (!client.isPublicClient()) {
            return "it is not a public client (a browser app holds no secret)";
        }
        if (!client.isStandardFlowEnabled()) {
            return "the standard flow (authorization code) is off";
        }
        if (!"S256".equals(client.getAttribute(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD))) {
            return "PKCE is not required with S256 (client attribute " + OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD
                    + ")";
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(client).isUseRefreshToken()) {
            return "it issues no refresh tokens (Use refresh tokens is off)";
        }
        return null;
    }
}

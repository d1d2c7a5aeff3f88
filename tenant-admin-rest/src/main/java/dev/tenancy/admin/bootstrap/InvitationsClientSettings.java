package dev.tenancy.admin.bootstrap;

import dev.tenancy.admin.invitation.InvitationUrls;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.keycloak.models.ClientModel;

/**
 * The security-relevant settings of the client {@value TenancyClients#INVITATIONS_CLIENT_ID}: what they must be, what
 * a client has, and which differ. A value, so the upgrade decision is testable without a server.
 *
 * <p>Required: public, standard flow only (no implicit, direct grants or service account), PKCE S256
 * ({@value #PKCE_ATTRIBUTE}), exactly one redirect URI, the callback of the invitation page, relative to the root URL
 * {@code ${authBaseUrl}} (so it follows the server's hostname), no wildcard anywhere, no web origins (the page never
 * calls Keycloak from JavaScript).</p>
 */
record InvitationsClientSettings(
        boolean publicClient,
        boolean standardFlow,
        boolean implicitFlow,
        boolean directAccessGrants,
        boolean serviceAccounts,
        String rootUrl,
        Set<String> redirectUris,
        Set<String> webOrigins,
        String pkceMethod,
        boolean fullScopeAllowed) {

    static final String PKCE_ATTRIBUTE = "pkce.code.challenge.method";
    static final String ROOT_URL = "${authBaseUrl}";

    static InvitationsClientSettings required(String realmName) {
        return new InvitationsClientSettings(
                true,
                true,
                false,
                false,
                false,
                ROOT_URL,
                Set.of(InvitationUrls.callbackPath(realmName)),
                Set.of(),
                "S256",
                false);
    }

    static InvitationsClientSettings of(ClientModel client) {
        return new InvitationsClientSettings(
                client.isPublicClient(),
                client.isStandardFlowEnabled(),
                client.isImplicitFlowEnabled(),
                client.isDirectAccessGrantsEnabled(),
                client.isServiceAccountsEnabled(),
                client.getRootUrl(),
                copy(client.getRedirectUris()),
                copy(client.getWebOrigins()),
                client.getAttribute(PKCE_ATTRIBUTE),
                client.isFullScopeAllowed());
    }

    /** The names of the settings in which {@code actual} differs from this (required) one; empty when none. */
    List<String> drift(InvitationsClientSettings actual) {
        List<String> names = new ArrayList<>();
        check(names, "publicClient", publicClient, actual.publicClient);
        check(names, "standardFlowEnabled", standardFlow, actual.standardFlow);
        check(names, "implicitFlowEnabled", implicitFlow, actual.implicitFlow);
        check(names, "directAccessGrantsEnabled", directAccessGrants, actual.directAccessGrants);
        check(names, "serviceAccountsEnabled", serviceAccounts, actual.serviceAccounts);
        check(names, "rootUrl", rootUrl, actual.rootUrl);
        check(names, "redirectUris", redirectUris, actual.redirectUris);
        check(names, "webOrigins", webOrigins, actual.webOrigins);
        check(names, PKCE_ATTRIBUTE, pkceMethod, actual.pkceMethod);
        check(names, "fullScopeAllowed", fullScopeAllowed, actual.fullScopeAllowed);
        return names;
    }

    void applyTo(ClientModel client) {
        client.setPublicClient(publicClient);
        client.setBearerOnly(false);
        client.setStandardFlowEnabled(standardFlow);
        client.setImplicitFlowEnabled(implicitFlow);
        client.setDirectAccessGrantsEnabled(directAccessGrants);
        client.setServiceAccountsEnabled(serviceAccounts);
        client.setRootUrl(rootUrl);
        client.setRedirectUris(redirectUris);
        client.setWebOrigins(webOrigins);
        client.setAttribute(PKCE_ATTRIBUTE, pkceMethod);
        client.setFullScopeAllowed(fullScopeAllowed);
    }

    private static Set<String> copy(Set<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }

    private static void check(List<String> names, String name, Object required, Object actual) {
        if (!Objects.equals(required, actual)) {
            names.add(name);
        }
    }
}

package dev.tenancy.admin.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.keycloak.models.ClientModel;

/**
 * The security-relevant settings that the pack's public clients ({@value TenancyClients#INVITATIONS_CLIENT_ID},
 * {@value dev.tenancy.admin.portal.PortalClientSettings#CLIENT_ID}) share: what they must be, what a client has, and
 * which differ. A value, so the upgrade decision is testable without a server.
 *
 * <p>Required ({@link #required}): public, standard flow only (no implicit, direct grants or service account), PKCE
 * S256 ({@value #PKCE_ATTRIBUTE}), exactly the given redirect URIs and web origins (no wildcard), relative to the root
 * URL {@code ${authBaseUrl}} (so they follow the server's hostname), full scope off.</p>
 */
public record PublicClientSettings(
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

    public static final String PKCE_ATTRIBUTE = "pkce.code.challenge.method";
    public static final String ROOT_URL = "${authBaseUrl}";

    public PublicClientSettings {
        redirectUris = copy(redirectUris);
        webOrigins = copy(webOrigins);
    }

    /** A public client with the standard flow only, PKCE S256, exactly these redirect URIs and web origins. */
    public static PublicClientSettings required(Set<String> redirectUris, Set<String> webOrigins) {
        return new PublicClientSettings(
                true, true, false, false, false, ROOT_URL, redirectUris, webOrigins, "S256", false);
    }

    public static PublicClientSettings of(ClientModel client) {
        return new PublicClientSettings(
                client.isPublicClient(),
                client.isStandardFlowEnabled(),
                client.isImplicitFlowEnabled(),
                client.isDirectAccessGrantsEnabled(),
                client.isServiceAccountsEnabled(),
                client.getRootUrl(),
                client.getRedirectUris(),
                client.getWebOrigins(),
                client.getAttribute(PKCE_ATTRIBUTE),
                client.isFullScopeAllowed());
    }

    /** The names of the settings in which {@code actual} differs from this (required) one; empty when none. */
    public List<String> drift(PublicClientSettings actual) {
        List<String> names = new ArrayList<>();
        addIfDiffers(names, "publicClient", publicClient, actual.publicClient);
        addIfDiffers(names, "standardFlowEnabled", standardFlow, actual.standardFlow);
        addIfDiffers(names, "implicitFlowEnabled", implicitFlow, actual.implicitFlow);
        addIfDiffers(names, "directAccessGrantsEnabled", directAccessGrants, actual.directAccessGrants);
        addIfDiffers(names, "serviceAccountsEnabled", serviceAccounts, actual.serviceAccounts);
        addIfDiffers(names, "rootUrl", rootUrl, actual.rootUrl);
        addIfDiffers(names, "redirectUris", redirectUris, actual.redirectUris);
        addIfDiffers(names, "webOrigins", webOrigins, actual.webOrigins);
        addIfDiffers(names, PKCE_ATTRIBUTE, pkceMethod, actual.pkceMethod);
        addIfDiffers(names, "fullScopeAllowed", fullScopeAllowed, actual.fullScopeAllowed);
        return names;
    }

    public void applyTo(ClientModel client) {
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

    /** Adds {@code name} to {@code names} when {@code actual} is not {@code required}: one line of a drift. */
    public static void addIfDiffers(List<String> names, String name, Object required, Object actual) {
        if (!Objects.equals(required, actual)) {
            names.add(name);
        }
    }

    private static Set<String> copy(Set<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}

package dev.tenancy.refresh.session;

import java.security.cert.X509Certificate;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The browser's request, as Keycloak's token and logout endpoints see it when the {@code tenancy-session} resource
 * calls them in-process: the same method, headers (Origin, cookies, user agent), URI and client certificate, but the
 * form that resource built (grant type, client id, the refresh token taken from the cookie, and the few fields the
 * SPA may send). Everything that reads the form through {@code KeycloakContext.getHttpRequest()} (client
 * authentication, the grants, client policies, our tenant switch) sees this form.
 */
final class GrantRequest implements HttpRequest {

    private final HttpRequest browser;
    private final MultivaluedMap<String, String> form;

    GrantRequest(HttpRequest browser, MultivaluedMap<String, String> form) {
        this.browser = browser;
        this.form = new MultivaluedHashMap<>(form);
    }

    @Override
    public String getHttpMethod() {
        return browser.getHttpMethod();
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return form;
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return browser.getHttpHeaders();
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return browser.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return browser.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return browser.isProxyTrusted();
    }
}

package dev.tenancy.refresh.session;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The browser's request, as Keycloak's token and logout endpoints see it when the {@code tenancy-session} resource
 * calls them in-process: the same method, headers (Origin, cookies, user agent), URI and client certificate, but the
 * form that resource built (grant type, client id, the refresh token taken from the cookie, and the few fields the
 * SPA may send). Everything that reads the form through {@code KeycloakContext.getHttpRequest()} (client
 * authentication, the grants, client policies, our tenant switch) sees this form, and a form content type: Keycloak's
 * client authenticators read the form only when the request says it is one, and a browser's body-less POST says
 * nothing.
 */
final class GrantRequest implements HttpRequest {

    private final HttpRequest browser;
    private final MultivaluedMap<String, String> form;
    private final HttpHeaders headers;

    GrantRequest(HttpRequest browser, MultivaluedMap<String, String> form) {
        this.browser = browser;
        this.form = new MultivaluedHashMap<>(form);
        this.headers = new FormHeaders(browser.getHttpHeaders());
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
        return headers;
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

    /** The browser's headers, with {@code Content-Type: application/x-www-form-urlencoded}. */
    private static final class FormHeaders implements HttpHeaders {
        private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

        private final HttpHeaders browser;

        FormHeaders(HttpHeaders browser) {
            this.browser = browser;
        }

        private static boolean isContentType(String name) {
            return CONTENT_TYPE.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public List<String> getRequestHeader(String name) {
            return isContentType(name) ? List.of(FORM) : browser.getRequestHeader(name);
        }

        @Override
        public String getHeaderString(String name) {
            return isContentType(name) ? FORM : browser.getHeaderString(name);
        }

        @Override
        public MultivaluedMap<String, String> getRequestHeaders() {
            MultivaluedMap<String, String> all = new MultivaluedHashMap<>();
            browser.getRequestHeaders().forEach((name, values) -> {
                if (!isContentType(name)) {
                    all.put(name, values);
                }
            });
            all.putSingle(CONTENT_TYPE, FORM);
            return all;
        }

        @Override
        public List<MediaType> getAcceptableMediaTypes() {
            return browser.getAcceptableMediaTypes();
        }

        @Override
        public List<Locale> getAcceptableLanguages() {
            return browser.getAcceptableLanguages();
        }

        @Override
        public MediaType getMediaType() {
            return MediaType.APPLICATION_FORM_URLENCODED_TYPE;
        }

        @Override
        public Locale getLanguage() {
            return browser.getLanguage();
        }

        @Override
        public Map<String, Cookie> getCookies() {
            return browser.getCookies();
        }

        @Override
        public Date getDate() {
            return browser.getDate();
        }

        @Override
        public int getLength() {
            return browser.getLength();
        }
    }
}

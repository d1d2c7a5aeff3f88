package dev.tenancy.demo.api;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates Keycloak access tokens as a resource server must: signature against the realm's JWKS (fetched and cached
 * by Nimbus, refreshed when an unknown key id appears), asymmetric algorithms only, issuer, audience, expiry (60 s
 * clock skew), and Keycloak's {@code typ} claim {@code Bearer} (an ID token is no access token).
 */
public final class AccessTokenVerifier {

    /** Keycloak signs with one of these; HS* (shared secret) and {@code none} are never accepted. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** A verified token's claims. */
    public record Claims(Map<String, Object> all) {

        public String subject() {
            return (String) all.get("sub");
        }

        /** The active tenant claim ({@code tenant}, from Keycloak Tenancy's mapper), or an empty map. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> tenant() {
            return all.get("tenant") instanceof Map<?, ?> tenant ? (Map<String, Object>) tenant : Map.of();
        }

        public String tenantAlias() {
            return tenant().get("alias") instanceof String alias ? alias : null;
        }

        /** The user's realm roles IN the active tenant (granted through the tenant's organization groups). */
        public List<String> tenantRoles() {
            return tenant().get("roles") instanceof List<?> roles
                    ? roles.stream()
                            .filter(String.class::isInstance)
                            .map(String.class::cast)
                            .toList()
                    : List.of();
        }
    }

    /** The token is not acceptable: expired, forged, for another audience, ... */
    public static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param issuer   the realm URL, e.g. {@code http://localhost:8080/realms/tenancy-demo} (the {@code iss} claim)
     * @param audience the {@code aud} value this API requires
     */
    public AccessTokenVerifier(String issuer, String audience) {
        this(issuer, audience, URI.create(issuer + "/protocol/openid-connect/certs"));
    }

    /** As above, with the realm's keys fetched from {@code jwksUrl} (the issuer's keys under another host name). */
    public AccessTokenVerifier(String issuer, String audience, URI jwksUrl) {
        this(
                issuer,
                audience,
                JWKSourceBuilder.create(toUrl(jwksUrl)).retrying(true).build());
    }

    AccessTokenVerifier(String issuer, String audience, JWKSource<SecurityContext> keys) {
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null, new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience,
                new JWTClaimsSet.Builder().issuer(issuer).claim("typ", "Bearer").build(),
                Set.of("sub", "exp", "iat")));
    }

    public Claims verify(String token) throws InvalidTokenException {
        try {
            return new Claims(processor.process(token, null).toJSONObject());
        } catch (Exception e) {
            throw new InvalidTokenException(e.getMessage(), e);
        }
    }

    static URL toUrl(URI jwksUrl) {
        try {
            return jwksUrl.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JWKS URL: " + jwksUrl, e);
        }
    }
}

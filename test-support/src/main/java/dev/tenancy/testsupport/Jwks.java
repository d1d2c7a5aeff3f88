package dev.tenancy.testsupport;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * Verifies Keycloak tokens the way a resource server would: with an independent JWT library (Nimbus), against the
 * realm's published JWKS, accepting only asymmetric signatures, checking issuer and expiry.
 */
public final class Jwks {

    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA);

    private Jwks() {}

    /** Verifies the signature against the realm's JWKS and returns the claims, or throws AssertionError. */
    public static Map<String, Object> verify(String realmUrl, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!ASYMMETRIC.contains(jwt.getHeader().getAlgorithm())) {
                throw new AssertionError(
                        "Token is not asymmetrically signed: " + jwt.getHeader().getAlgorithm());
            }
            JWKSet keys = JWKSet.load(new URL(realmUrl + "/protocol/openid-connect/certs"));
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(
                    new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null, new JOSEObjectType("at+jwt")));
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, new ImmutableJWKSet<>(keys)));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    new JWTClaimsSet.Builder().issuer(realmUrl).build(), Set.of("exp", "iat", "sub")));
            return processor.process(jwt, null).toJSONObject();
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("Token does not verify against " + realmUrl + " JWKS: " + e.getMessage(), e);
        }
    }

    /** Decodes WITHOUT verifying: only for tokens the client cannot verify (refresh tokens are HMAC-signed). */
    public static Map<String, Object> decodeUnverified(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().toJSONObject();
        } catch (ParseException e) {
            throw new AssertionError("Not a JWT: " + token, e);
        }
    }
}

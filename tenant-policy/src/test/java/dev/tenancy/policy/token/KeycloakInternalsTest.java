package dev.tenancy.policy.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

/**
 * The internal {@code token-interceptor} SPI as {@link TenantPolicyTokenPostProcessor} uses it (docs/ARCHITECTURE.md,
 * "Internal Keycloak SPIs we use"): an upgrade that changes what it calls fails here by name.
 */
class KeycloakInternalsTest {

    /** A method added to the interface (even a default one) may change how Keycloak calls us: it fails here. */
    @Test
    void thePostProcessorInterfaceIsProcessAndCloseOnly() {
        assertThat(Arrays.stream(TokenPostProcessor.class.getDeclaredMethods())
                        .filter(m -> !Modifier.isStatic(m.getModifiers()))
                        .map(Method::getName)
                        .sorted())
                .containsExactly("close", "process");
    }

    /** The guard reads the client session and caps the lifetimes of both new tokens. */
    @Test
    void theContextHasWhatTheGuardReadsAndCaps() throws Exception {
        assertThat(TokenPostProcessorContext.class.getMethod("clientSessionCtx").getReturnType())
                .isEqualTo(ClientSessionContext.class);
        assertThat(TokenPostProcessorContext.class.getMethod("accessToken").getReturnType())
                .isEqualTo(AccessToken.class);
        assertThat(TokenPostProcessorContext.class.getMethod("refreshToken").getReturnType())
                .isEqualTo(RefreshToken.class);
    }
}

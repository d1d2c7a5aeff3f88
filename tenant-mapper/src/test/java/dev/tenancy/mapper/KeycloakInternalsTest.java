package dev.tenancy.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.organization.protocol.mappers.oidc.OrganizationTokenPostProcessorFactory;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;

/**
 * The internal {@code token-interceptor} SPI as {@link TenantTokenPostProcessor} uses it (docs/ARCHITECTURE.md,
 * "Internal Keycloak SPIs we use"). The organization provider has its own guards
 * ({@code MemberOrganizationProviderTest}, {@code OrganizationMemberQueriesTest}).
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

    @Test
    void theContextHasTheClientSessionOurPostProcessorReads() throws Exception {
        assertThat(TokenPostProcessor.class.getMethod("process", TokenPostProcessorContext.class))
                .isNotNull();
        assertThat(TokenPostProcessorContext.class.getMethod("clientSessionCtx").getReturnType())
                .isEqualTo(ClientSessionContext.class);
    }

    /** It must run before Keycloak's organization post-processor, which writes the context's tenant into the token. */
    @Test
    void oursIsOrderedBeforeKeycloaksOrganizationPostProcessor() {
        assertThat(new TenantTokenPostProcessorFactory().order())
                .isGreaterThan(new OrganizationTokenPostProcessorFactory().order());
    }
}

package dev.tenancy.policy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.context.TenantSessionLimitsSource;
import org.junit.jupiter.api.Test;

class TenantPolicySessionLimitsTest {

    @Test
    void isRegisteredForRefreshPolicysServiceLoader() {
        assertThat(TenantSessionLimitsSource.load(getClass().getClassLoader()))
                .hasAtLeastOneElementOfType(TenantPolicySessionLimits.class);
    }
}

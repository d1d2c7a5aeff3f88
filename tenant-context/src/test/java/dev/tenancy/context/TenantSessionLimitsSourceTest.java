package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auto.service.AutoService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

class TenantSessionLimitsSourceTest {

    /** Registered the way the policies module registers its source. */
    @AutoService(TenantSessionLimitsSource.class)
    public static class FixedLimits implements TenantSessionLimitsSource {
        @Override
        public SessionLimits limitsOf(
                KeycloakSession session, OrganizationModel tenant, UserModel user, boolean offline) {
            return offline ? SessionLimits.NONE : new SessionLimits(900, 28_800);
        }
    }

    @Test
    void sourcesRegisteredWithAutoServiceAreFound() {
        assertThat(TenantSessionLimitsSource.load(getClass().getClassLoader()))
                .hasAtLeastOneElementOfType(FixedLimits.class);
    }

    @Test
    void theStrictestLimitsOfAllSourcesApply() {
        TenantSessionLimitsSource shortIdle = (session, tenant, user, offline) -> new SessionLimits(300, 0);
        List<TenantSessionLimitsSource> sources = List.of(new FixedLimits(), shortIdle);
        assertThat(TenantSessionLimitsSource.strictest(sources, null, null, null, false))
                .isEqualTo(new SessionLimits(300, 28_800));
        assertThat(TenantSessionLimitsSource.strictest(sources, null, null, null, true))
                .isEqualTo(new SessionLimits(300, 0));
        assertThat(TenantSessionLimitsSource.strictest(List.of(), null, null, null, false))
                .isEqualTo(SessionLimits.NONE);
    }
}

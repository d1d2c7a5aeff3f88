package dev.tenancy.policy.password;

import com.google.auto.service.AutoService;
import dev.tenancy.context.LoginTenantSource;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;

/**
 * Registers {@link TenantPasswordPolicyProvider}. A realm admin adds it once to the realm's password policy
 * (console: Authentication, Policies, Password policy, "Tenant password rules"; or the realm's
 * {@code passwordPolicy} string, e.g. {@code length(8) and tenancy-tenant-password-policy}).
 */
@AutoService(PasswordPolicyProviderFactory.class)
public class TenantPasswordPolicyProviderFactory implements PasswordPolicyProviderFactory {

    public static final String PROVIDER_ID = "tenancy-tenant-password-policy";

    /** Who knows the tenant of a login that has no organization context yet (an invitation link: tenant-admin-rest). */
    private List<LoginTenantSource> loginTenantSources = List.of();

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new TenantPasswordPolicyProvider(session, loginTenantSources);
    }

    @Override
    public String getDisplayName() {
        return "Tenant password rules";
    }

    @Override
    public String getConfigType() {
        return null;
    }

    @Override
    public String getDefaultConfigValue() {
        return null;
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }

    @Override
    public void init(Config.Scope config) {
        loginTenantSources = LoginTenantSource.load(TenantPasswordPolicyProviderFactory.class.getClassLoader());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

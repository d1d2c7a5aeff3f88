package dev.tenancy.policy.password;

import com.google.auto.service.AutoService;
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

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new TenantPasswordPolicyProvider(session);
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
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

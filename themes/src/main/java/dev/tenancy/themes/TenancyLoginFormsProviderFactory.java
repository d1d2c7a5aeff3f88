package dev.tenancy.themes;

import com.google.auto.service.AutoService;
import dev.tenancy.context.LoginTenantSource;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.LoginFormsProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link TenancyLoginFormsProvider} as the server's login forms provider ({@code login} SPI): with no
 * provider configured, Keycloak uses the factory of the highest {@link #order()} above 0, and Keycloak's own
 * {@code freemarker} factory has 0. To switch it off: {@code kc.sh build --spi-login--provider=freemarker} (the
 * {@code tenancy} theme then renders without branding and with Keycloak's data only).
 */
@AutoService(LoginFormsProviderFactory.class)
public class TenancyLoginFormsProviderFactory implements LoginFormsProviderFactory {

    public static final String PROVIDER_ID = "tenancy-freemarker";

    private List<LoginTenantSource> sources = List.of();

    @Override
    public LoginFormsProvider create(KeycloakSession session) {
        return new TenancyLoginFormsProvider(session, sources);
    }

    @Override
    public void init(Config.Scope config) {
        sources = LoginTenantSource.load(TenancyLoginFormsProviderFactory.class.getClassLoader());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public int order() {
        return 10;
    }
}

package dev.tenancy.policy.login;

import com.google.auto.service.AutoService;
import dev.tenancy.context.theme.JarThemeResources;
import java.util.List;
import java.util.Map;
import org.keycloak.theme.ThemeResourceProviderFactory;

/**
 * The "Choose a second factor" page for EVERY login theme; its {@code tenancyMfaChoice*} messages are in tenant-policy's
 * bundles, served by {@code EmailCodeThemeResources} (one folder, one provider for the messages).
 */
@AutoService(ThemeResourceProviderFactory.class)
public class MfaSetupChoiceThemeResources extends JarThemeResources {

    public static final String PROVIDER_ID = "tenancy-mfa-choice-theme-resources";

    public MfaSetupChoiceThemeResources() {
        super(
                PROVIDER_ID,
                Map.of(
                        MfaSetupChoiceRequiredAction.TEMPLATE,
                        EmailCodeThemeResources.ROOT + "login/" + MfaSetupChoiceRequiredAction.TEMPLATE),
                List.of());
    }
}

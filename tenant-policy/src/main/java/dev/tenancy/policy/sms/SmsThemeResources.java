package dev.tenancy.policy.sms;

import com.google.auto.service.AutoService;
import dev.tenancy.context.theme.JarThemeResources;
import java.util.List;
import java.util.Map;
import org.keycloak.theme.ThemeResourceProviderFactory;

/**
 * The SMS pages (code, phone number) for EVERY login theme; their {@code tenancySms*} messages are in tenant-policy's
 * bundles, served by {@code EmailCodeThemeResources} (one folder, one provider for the messages).
 */
@AutoService(ThemeResourceProviderFactory.class)
public class SmsThemeResources extends JarThemeResources {

    public static final String PROVIDER_ID = "tenancy-sms-theme-resources";
    private static final String ROOT = "tenancy-policy-theme/login/";

    public SmsThemeResources() {
        super(
                PROVIDER_ID,
                Map.of(
                        SmsCodeAuthenticator.TEMPLATE,
                        ROOT + SmsCodeAuthenticator.TEMPLATE,
                        SmsPhoneRequiredAction.PHONE_TEMPLATE,
                        ROOT + SmsPhoneRequiredAction.PHONE_TEMPLATE),
                List.of());
    }
}

package dev.tenancy.policy.login;

import com.google.auto.service.AutoService;
import dev.tenancy.context.theme.JarThemeResources;
import java.util.List;
import java.util.Map;
import org.keycloak.theme.ThemeResourceProviderFactory;

/**
 * The page and the e-mail of "Email one-time code" for EVERY login and e-mail theme (Keycloak consults theme resource
 * providers after the theme chain, so a theme may override them), with their {@code tenancyEmailCode*} messages in
 * English and German. Read from this jar's {@value #ROOT} folder; not from the generic {@code theme-resources/}
 * folder, where two provider jars' {@code messages_en.properties} would hide each other.
 */
@AutoService(ThemeResourceProviderFactory.class)
public class EmailCodeThemeResources extends JarThemeResources {

    public static final String PROVIDER_ID = "tenancy-policy-theme-resources";
    static final String ROOT = "tenancy-policy-theme/";

    public EmailCodeThemeResources() {
        super(
                PROVIDER_ID,
                Map.of(
                        EmailCodeAuthenticator.TEMPLATE,
                        ROOT + "login/" + EmailCodeAuthenticator.TEMPLATE,
                        "text/" + EmailCodeAuthenticator.EMAIL_TEMPLATE,
                        ROOT + "email/text/" + EmailCodeAuthenticator.EMAIL_TEMPLATE,
                        "html/" + EmailCodeAuthenticator.EMAIL_TEMPLATE,
                        ROOT + "email/html/" + EmailCodeAuthenticator.EMAIL_TEMPLATE),
                List.of(ROOT));
    }
}

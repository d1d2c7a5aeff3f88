package dev.tenancy.policy.login;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.theme.PropertiesUtil;
import org.keycloak.theme.ThemeResourceProvider;
import org.keycloak.theme.ThemeResourceProviderFactory;

/**
 * The page and the e-mail of "Email one-time code" for EVERY login and e-mail theme (Keycloak consults theme resource
 * providers after the theme chain, so a theme may override them), with their {@code tenancyEmailCode*} messages in
 * English and German. Read from this jar's {@value #ROOT} folder; not from the generic {@code theme-resources/}
 * folder, where two provider jars' {@code messages_en.properties} would hide each other.
 */
@AutoService(ThemeResourceProviderFactory.class)
public class EmailCodeThemeResources implements ThemeResourceProviderFactory, ThemeResourceProvider {

    public static final String PROVIDER_ID = "tenancy-policy-theme-resources";
    static final String ROOT = "tenancy-policy-theme/";

    private static final Map<String, String> TEMPLATES = Map.of(
            EmailCodeAuthenticator.TEMPLATE, ROOT + "login/" + EmailCodeAuthenticator.TEMPLATE,
            "text/" + EmailCodeAuthenticator.EMAIL_TEMPLATE, ROOT + "email/text/" + EmailCodeAuthenticator.EMAIL_TEMPLATE,
            "html/" + EmailCodeAuthenticator.EMAIL_TEMPLATE, ROOT + "email/html/" + EmailCodeAuthenticator.EMAIL_TEMPLATE);

    private final ClassLoader classLoader = EmailCodeThemeResources.class.getClassLoader();

    @Override
    public ThemeResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public URL getTemplate(String name) {
        String path = TEMPLATES.get(name);
        return path == null ? null : classLoader.getResource(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        return null;
    }

    @Override
    public Properties getMessages(String baseBundlename, Locale locale) throws IOException {
        Properties messages = new Properties();
        if (!"messages".equals(baseBundlename)) {
            return messages;
        }
        URL resource = classLoader.getResource(ROOT + "messages/messages_" + locale + ".properties");
        if (resource != null) {
            try (InputStream in = resource.openStream()) {
                PropertiesUtil.readCharsetAware(messages, in);
            }
        }
        return messages;
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

package dev.tenancy.context.theme;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.theme.PropertiesUtil;
import org.keycloak.theme.ThemeResourceProvider;
import org.keycloak.theme.ThemeResourceProviderFactory;

/**
 * A theme resource provider that serves a fixed set of templates and the {@code messages} bundles of a few folders of
 * its own jar, for EVERY theme (Keycloak consults theme resource providers after the theme chain, so a theme's own
 * file always wins). One base for the modules that ship pages or e-mails which must work whatever the realm's theme
 * is (themes: the invitation page and e-mail; tenant-policy: the e-mail code page and e-mail).
 *
 * <p>Why a folder of its own per module instead of the generic {@code theme-resources/}: two provider jars'
 * {@code theme-resources/messages/messages_en.properties} would hide each other. Stateless: Keycloak caches themes
 * together with the providers of the session that loaded them, so {@link #create} returns this instance.</p>
 */
public abstract class JarThemeResources implements ThemeResourceProviderFactory, ThemeResourceProvider {

    private final String id;
    private final Map<String, String> templates;
    private final List<String> messageFolders;

    /**
     * @param id             the provider id
     * @param templates      template name as Keycloak asks for it (e-mails: {@code html/x.ftl}, {@code text/x.ftl})
     *                       -> path of the file on the class path
     * @param messageFolders class-path folders (ending in {@code /}) holding {@code messages/messages_<locale>.properties}
     */
    protected JarThemeResources(String id, Map<String, String> templates, List<String> messageFolders) {
        this.id = id;
        this.templates = Map.copyOf(templates);
        this.messageFolders = List.copyOf(messageFolders);
    }

    @Override
    public ThemeResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public URL getTemplate(String name) {
        String path = templates.get(name);
        return path == null ? null : getClass().getClassLoader().getResource(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        return null;
    }

    /** The messages of these folders' {@code messages} bundles in this locale (none for other bundles). */
    @Override
    public Properties getMessages(String baseBundlename, Locale locale) throws IOException {
        Properties messages = new Properties();
        if (!"messages".equals(baseBundlename)) {
            return messages;
        }
        for (String folder : messageFolders) {
            URL resource =
                    getClass().getClassLoader().getResource(folder + "messages/messages_" + locale + ".properties");
            if (resource != null) {
                try (InputStream in = resource.openStream()) {
                    PropertiesUtil.readCharsetAware(messages, in);
                }
            }
        }
        return messages;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return id;
    }
}

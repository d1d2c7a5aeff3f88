package dev.tenancy.themes;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The theme's files as Keycloak reads them: message bundles ({@code PropertiesUtil}-like, UTF-8 or ISO-8859-1 with
 * escapes), and templates rendered with FreeMarker configured as Keycloak 26.7.3's {@code DefaultFreeMarkerProvider}
 * does (2.3.32, HTML output format for {@code .ftl}, no {@code ?new}). Keycloak's parent templates are replaced by
 * stand-ins with the same macros ({@code src/test/resources/stubs}).
 */
final class ThemeFiles {

    static final String LOGIN = "/theme/tenancy/login";
    static final String EMAIL = "/theme/tenancy/email";

    private ThemeFiles() {}

    static Properties messages(String root, String language) {
        Properties properties = new Properties();
        try (InputStream in =
                ThemeFiles.class.getResourceAsStream(root + "/messages/messages_" + language + ".properties")) {
            if (in == null) {
                throw new AssertionError("no bundle " + root + " " + language);
            }
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        try (InputStream in = ThemeFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("no file " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders {@code template} of {@code root} with {@code model}, messages of {@code language}, as Keycloak does. */
    static String render(String root, String template, Map<String, Object> model, String language) {
        return render(root, template, model, language, Map.of());
    }

    /** The same, with {@code keycloakMessages} standing in for keys of Keycloak's own bundle (the parent's). */
    static String render(
            String root,
            String template,
            Map<String, Object> model,
            String language,
            Map<String, Object> keycloakMessages) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        if (template.endsWith(".ftl")) {
            cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        }
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_32).build());
        cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
            new ClassTemplateLoader(ThemeFiles.class, root), new ClassTemplateLoader(ThemeFiles.class, "/stubs")
        }));
        Map<String, Object> data = new java.util.HashMap<>(model);
        Properties messages = messages(root, language);
        keycloakMessages.forEach((key, text) -> messages.setProperty(key, text.toString()));
        data.put("msg", new Msg(messages, Locale.forLanguageTag(language)));
        try {
            Template t = cfg.getTemplate(template, "UTF-8");
            StringWriter out = new StringWriter();
            t.process(data, out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TemplateException e) {
            throw new AssertionError("rendering " + template + ": " + e.getMessage(), e);
        }
    }

    /** Keycloak's {@code msg}: MessageFormat over the bundle; a missing key fails the test (Keycloak shows the key). */
    static final class Msg implements TemplateMethodModelEx {
        private final Properties messages;
        private final Locale locale;
        final List<String> used = new ArrayList<>();

        Msg(Properties messages, Locale locale) {
            this.messages = messages;
            this.locale = locale;
        }

        @Override
        public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
            String key = arguments.get(0).toString();
            String pattern = messages.getProperty(key);
            if (pattern == null) {
                throw new TemplateModelException(
                        "missing message key " + key + " (known: " + new TreeSet<>(messages.keySet()) + ")");
            }
            used.add(key);
            Object[] params = arguments.subList(1, arguments.size()).stream()
                    .map(Object::toString)
                    .toArray();
            return new MessageFormat(pattern, locale).format(params);
        }
    }
}

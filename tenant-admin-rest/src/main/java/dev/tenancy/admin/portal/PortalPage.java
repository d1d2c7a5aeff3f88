package dev.tenancy.admin.portal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.keycloak.util.JsonSerialization;

/**
 * The portal's one HTML page ({@code index.html}, a template with {@code {{name}}} slots), rendered per request with
 * the realm, the URLs the scripts need, the language and that language's messages. Everything goes in as escaped
 * text: the configuration is a JSON data block ({@code type="application/json"}, not a script: the page's CSP allows
 * no inline script), with {@code <}, {@code >} and {@code &} written as JSON escapes so no value can end the block.
 */
public final class PortalPage {

    static final String TEMPLATE = "index.html";
    static final String BUNDLE = "messages/messages_%s.properties";

    /**
     * What the page needs.
     *
     * @param realm        the realm's name
     * @param realmUrl     {@code <base>/realms/<realm>} (the frontend URL)
     * @param styles       the URLs of Keycloak's PatternFly style sheets, as its keycloak.v2 login theme links them
     * @param language     one of {@link PortalLocale#SUPPORTED}
     * @param assetVersion {@link PortalAssets#version()}
     */
    public record Input(String realm, String realmUrl, List<String> styles, String language, String assetVersion) {}

    private PortalPage() {}

    public static String render(Input input) {
        String template = PortalAssets.text(TEMPLATE);
        if (template == null) {
            throw new IllegalStateException("No portal page template in this build");
        }
        Map<String, String> messages = messages(input.language());
        String portalUrl = input.realmUrl() + "/tenants/portal/";
        String assets = portalUrl + input.assetVersion() + "/";
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("realm", input.realm());
        config.put("realmUrl", input.realmUrl());
        config.put("apiUrl", input.realmUrl() + "/tenants");
        config.put("portalUrl", portalUrl);
        config.put("assetsUrl", assets);
        config.put("sessionScript", input.realmUrl() + "/tenancy-session/tenancy-session.js");
        config.put("clientId", PortalClientSettings.CLIENT_ID);
        config.put("accountUrl", input.realmUrl() + "/account/");
        config.put("locale", input.language());
        config.put("locales", PortalLocale.SUPPORTED);
        config.put("messages", messages);
        StringBuilder styles = new StringBuilder();
        for (String style : input.styles()) {
            styles.append("<link rel=\"stylesheet\" href=\"")
                    .append(html(style))
                    .append("\">\n");
        }
        styles.append("<link rel=\"stylesheet\" href=\"").append(html(assets)).append("portal.css\">");
        StringBuilder preload = new StringBuilder();
        for (String module : List.of("i18n.js", "api.js", "ui.js", "routes.js")) {
            preload.append("<link rel=\"modulepreload\" href=\"")
                    .append(html(assets + module))
                    .append("\">\n");
        }
        return template.replace("{{lang}}", html(input.language()))
                .replace("{{title}}", html(messages.getOrDefault("common.title", "Tenant administration")))
                .replace("{{loading}}", html(messages.getOrDefault("common.loading", "Loading")))
                .replace("{{noscript}}", html(messages.getOrDefault("common.noscript", "JavaScript is required")))
                .replace("{{styles}}", styles.toString())
                .replace("{{preload}}", preload.toString())
                .replace("{{app}}", html(assets + "app.js"))
                .replace("{{config}}", json(config));
    }

    /** The messages of {@code language}, over the English ones (a key missing in a translation shows in English). */
    public static Map<String, String> messages(String language) {
        Map<String, String> messages = new TreeMap<>(bundle(PortalLocale.DEFAULT));
        if (!PortalLocale.DEFAULT.equals(language)) {
            messages.putAll(bundle(language));
        }
        return messages;
    }

    static Map<String, String> bundle(String language) {
        String text = PortalAssets.text(String.format(BUNDLE, language));
        Map<String, String> messages = new TreeMap<>();
        if (text == null) {
            return messages;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text)); // read as UTF-8 text, like Keycloak's theme bundles
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.stringPropertyNames().forEach(key -> messages.put(key, properties.getProperty(key)));
        return messages;
    }

    /** The Content-Security-Policy of the page: scripts, styles and fetches of this server only, no inline script. */
    public static String contentSecurityPolicy() {
        List<String> directives = new ArrayList<>(List.of(
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: https:",
                "font-src 'self'",
                "connect-src 'self'",
                "frame-src 'self'",
                "frame-ancestors 'none'",
                "form-action 'self'",
                "base-uri 'none'",
                "object-src 'none'"));
        return String.join("; ", directives);
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

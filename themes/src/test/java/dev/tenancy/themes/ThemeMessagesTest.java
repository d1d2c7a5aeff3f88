package dev.tenancy.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Messages: English and German bundles have the same keys, every key a template uses exists (and every key is used),
 * placeholders agree between the languages, and no template carries text of its own.
 */
class ThemeMessagesTest {

    static final List<String> LOGIN_TEMPLATES =
            List.of("template.ftl", "select-organization.ftl", "tenancy-invitation.ftl");
    static final List<String> EMAIL_TEMPLATES = List.of("html/tenancy-invitation.ftl", "text/tenancy-invitation.ftl");
    /** Keys used from Java: tenant-mapper's TenantSelectorAuthenticator, tenant-admin-rest's InvitationEmail. */
    static final Set<String> LOGIN_KEYS_USED_IN_JAVA = Set.of("tenancyTenantNotAvailable");

    static final Set<String> EMAIL_KEYS_USED_IN_JAVA = Set.of("tenancyInvitationSubject");
    /**
     * Keycloak's own login keys that the parent's template shows on our pages, reworded in the tenant wording
     * ("Switch tenant", not "Switch Organization"); the only keys of ours without the {@code tenancy} prefix.
     */
    static final Set<String> PARENT_KEYS_REWORDED = Set.of("doSwitchOrganization");

    /**
     * Keys of Keycloak's own login bundle, used by template.ftl's "username" macro exactly as the parent's macro uses
     * them (the same labels as stock Keycloak); not ours to define.
     */
    static final Set<String> KEYCLOAK_LOGIN_KEYS =
            Set.of("username", "usernameOrEmail", "email", "restartLoginTooltip");

    static final Pattern MSG = Pattern.compile("msg\\(\\s*\"([A-Za-z0-9_.-]+)\"");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    @Test
    void englishAndGermanHaveTheSameKeysWithTheSamePlaceholders() {
        for (String root : List.of(ThemeFiles.LOGIN, ThemeFiles.EMAIL)) {
            Properties en = ThemeFiles.messages(root, "en");
            Properties de = ThemeFiles.messages(root, "de");
            assertThat(new TreeSet<>(de.stringPropertyNames()))
                    .as(root + " keys")
                    .isEqualTo(new TreeSet<>(en.stringPropertyNames()));
            for (String key : en.stringPropertyNames()) {
                assertThat(placeholders(de.getProperty(key)))
                        .as(root + " " + key)
                        .isEqualTo(placeholders(en.getProperty(key)));
                assertThat(de.getProperty(key))
                        .as(root + " " + key + " is translated")
                        .isNotBlank();
                // both must be valid MessageFormat patterns
                new MessageFormat(en.getProperty(key));
                new MessageFormat(de.getProperty(key));
            }
        }
    }

    @Test
    void germanIsReallyTranslated() {
        Properties en = ThemeFiles.messages(ThemeFiles.LOGIN, "en");
        Properties de = ThemeFiles.messages(ThemeFiles.LOGIN, "de");
        long same = en.stringPropertyNames().stream()
                .filter(k -> en.getProperty(k).equals(de.getProperty(k)))
                .count();
        // only language-neutral ones may stay equal ("{0} ({1})")
        assertThat(same).isLessThanOrEqualTo(1);
        assertThat(de.getProperty("tenancyPickerTitle")).isEqualTo("Mandant w\u00e4hlen");
    }

    @Test
    void templatesUseOnlyExistingKeysAndEveryKeyIsUsed() {
        checkKeys(
                ThemeFiles.LOGIN, LOGIN_TEMPLATES, LOGIN_KEYS_USED_IN_JAVA, PARENT_KEYS_REWORDED, KEYCLOAK_LOGIN_KEYS);
        checkKeys(ThemeFiles.EMAIL, EMAIL_TEMPLATES, EMAIL_KEYS_USED_IN_JAVA, Set.of(), Set.of());
    }

    @Test
    void keycloaksOrganizationWordingIsTheTenantWording() {
        assertThat(ThemeFiles.messages(ThemeFiles.LOGIN, "en").getProperty("doSwitchOrganization"))
                .isEqualTo("Switch tenant");
        assertThat(ThemeFiles.messages(ThemeFiles.LOGIN, "de").getProperty("doSwitchOrganization"))
                .isEqualTo("Mandant wechseln");
    }

    private static void checkKeys(
            String root, List<String> templates, Set<String> javaKeys, Set<String> reworded, Set<String> keycloakKeys) {
        Set<String> used = new TreeSet<>(javaKeys);
        Set<String> usedOfKeycloak = new TreeSet<>();
        for (String template : templates) {
            Matcher m = MSG.matcher(ThemeFiles.text(root + "/" + template));
            while (m.find()) {
                (keycloakKeys.contains(m.group(1)) ? usedOfKeycloak : used).add(m.group(1));
            }
        }
        assertThat(usedOfKeycloak).as(root + ": Keycloak's keys that we use").isEqualTo(keycloakKeys);
        Set<String> defined = new TreeSet<>(ThemeFiles.messages(root, "en").stringPropertyNames());
        assertThat(defined).as(root + ": Keycloak keys reworded").containsAll(reworded);
        defined.removeAll(reworded);
        assertThat(defined).as(root + ": keys used by templates and Java").containsAll(used);
        assertThat(used).as(root + ": every key of the bundle is used").containsAll(defined);
        assertThat(used).allMatch(k -> k.startsWith("tenancy"), "our keys start with 'tenancy'");
    }

    @Test
    void templatesHoldNoTextOfTheirOwn() {
        for (String template : LOGIN_TEMPLATES) {
            assertThat(visibleText(ThemeFiles.text(ThemeFiles.LOGIN + "/" + template)))
                    .as(template)
                    .isEmpty();
        }
        for (String template : EMAIL_TEMPLATES) {
            assertThat(visibleText(ThemeFiles.text(ThemeFiles.EMAIL + "/" + template)))
                    .as(template)
                    .isEmpty();
        }
    }

    @Test
    void theLoginThemeExtendsTheParentWhoseTemplateItWraps() {
        Properties theme = new Properties();
        try (var in = getClass().getResourceAsStream(ThemeFiles.LOGIN + "/theme.properties")) {
            theme.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(theme.getProperty("parent")).isEqualTo(TenancyThemeResources.PARENT_THEME);
        assertThat(ThemeFiles.text(ThemeFiles.LOGIN + "/template.ftl"))
                .contains("<#import \"" + TenancyThemeResources.PARENT_TEMPLATE + "\" as parent>");
    }

    @Test
    void theThemeResourcesServeTheInvitationTemplatesAndBothBundlesToEveryTheme() throws Exception {
        TenancyThemeResources resources = new TenancyThemeResources();
        for (String name :
                List.of("tenancy-invitation.ftl", "html/tenancy-invitation.ftl", "text/tenancy-invitation.ftl")) {
            assertThat(resources.getTemplate(name)).as(name).isNotNull();
        }
        assertThat(resources.getTemplate("template.ftl"))
                .as("never a theme's own templates")
                .isNull();
        assertThat(resources.getTemplate("select-organization.ftl")).isNull();
        Properties de = resources.getMessages("messages", java.util.Locale.GERMAN);
        assertThat(de.getProperty("tenancyPickerTitle")).isEqualTo("Mandant w\u00e4hlen");
        assertThat(de.getProperty("tenancyInvitationSubject")).contains("{0}");
        assertThat(resources.getMessages("admin-messages", java.util.Locale.ENGLISH))
                .isEmpty();
        assertThat(resources.getMessages("messages", java.util.Locale.JAPANESE)).isEmpty();
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /**
     * The letters a reader would see that do not come from an interpolation: the template without comments,
     * directives, interpolations, tags, and the contents of style and script elements.
     */
    static String visibleText(String template) {
        String s = template.replaceAll("(?s)<#--.*?-->", " ");
        s = stripInterpolations(s);
        s = s.replaceAll("(?s)<style\\b.*?</style>", " ").replaceAll("(?s)<script\\b.*?</script>", " ");
        s = s.replaceAll("(?s)</?[#@][^>]*>", " ").replaceAll("(?s)<[^>]*>", " ");
        return s.replaceAll("[^\\p{L}]+", " ").trim();
    }

    /** Removes {@code ${...}}, honouring quoted strings and nested braces inside. */
    static String stripInterpolations(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("${", i)) {
                int depth = 0;
                char quote = 0;
                int j = i + 1;
                for (; j < s.length(); j++) {
                    char c = s.charAt(j);
                    if (quote != 0) {
                        if (c == '\\') {
                            j++;
                        } else if (c == quote) {
                            quote = 0;
                        }
                    } else if (c == '"' || c == '\'') {
                        quote = c;
                    } else if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        break;
                    }
                }
                out.append(' ');
                i = j + 1;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    @Test
    void theTextCheckItselfFindsText() {
        assertThat(visibleText("<p>${msg(\"a\", \"{0}\")}</p>")).isEmpty();
        assertThat(visibleText("<p>Hello ${x}</p>")).isEqualTo("Hello");
        assertThat(visibleText("<#if a>x</#if>")).isEqualTo("x");
        assertThat(Map.of()).isEmpty();
    }
}

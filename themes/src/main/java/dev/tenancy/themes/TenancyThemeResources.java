package dev.tenancy.themes;

import com.google.auto.service.AutoService;
import dev.tenancy.context.theme.JarThemeResources;
import java.util.List;
import java.util.Map;
import org.keycloak.theme.ThemeResourceProviderFactory;

/**
 * Theme resources of Keycloak Tenancy for EVERY theme (Keycloak consults theme resource providers after the theme
 * chain, so a theme's own file always wins):
 * <ul>
 *   <li>{@value #PARENT_TEMPLATE}: Keycloak's {@code keycloak.v2} login {@code template.ftl} under another name. The
 *       {@code tenancy} login theme's {@code template.ftl} wraps it (adding the tenant's branding) instead of copying
 *       it: a theme cannot otherwise reach a parent's template that it overrides.</li>
 *   <li>the invitation page {@code tenancy-invitation.ftl} (login) and the invitation e-mail
 *       {@code html/tenancy-invitation.ftl} and {@code text/tenancy-invitation.ftl}, so that invitation links and
 *       e-mails work in realms whose login or e-mail theme is not {@code tenancy};</li>
 *   <li>the {@code tenancy*} messages of both bundles (login and e-mail), for the same reason.</li>
 * </ul>
 * Everything is read from this jar's {@code theme/tenancy/} folder: one copy of each file.
 */
@AutoService(ThemeResourceProviderFactory.class)
public class TenancyThemeResources extends JarThemeResources {

    public static final String PROVIDER_ID = "tenancy-theme-resources";
    /** The login theme the {@code tenancy} theme extends (its {@code theme.properties} names the same parent). */
    public static final String PARENT_THEME = "keycloak.v2";
    /** The parent's {@code template.ftl}, under the name the {@code tenancy} theme's {@code template.ftl} imports. */
    public static final String PARENT_TEMPLATE = "tenancy-parent-template.ftl";

    static final String LOGIN_ROOT = "theme/tenancy/login/";
    static final String EMAIL_ROOT = "theme/tenancy/email/";

    public TenancyThemeResources() {
        // template names served for every theme -> where they are in this jar (or in Keycloak's themes jar)
        super(
                PROVIDER_ID,
                Map.of(
                        PARENT_TEMPLATE,
                        "theme/" + PARENT_THEME + "/login/template.ftl",
                        "tenancy-invitation.ftl",
                        LOGIN_ROOT + "tenancy-invitation.ftl",
                        "html/tenancy-invitation.ftl",
                        EMAIL_ROOT + "html/tenancy-invitation.ftl",
                        "text/tenancy-invitation.ftl",
                        EMAIL_ROOT + "text/tenancy-invitation.ftl"),
                List.of(LOGIN_ROOT, EMAIL_ROOT));
    }
}

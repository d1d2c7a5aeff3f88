package dev.tenancy.themes;

import dev.tenancy.context.LoginTenant;
import dev.tenancy.context.LoginTenantSource;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.forms.RegistrationPage;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

/**
 * Keycloak's FreeMarker login forms, plus the {@code tenancy} page attribute ({@link TenancyPageBean}) on every page:
 * the branding of the login's tenant and the data of the tenant picker. Everything else is Keycloak's.
 *
 * <p>Also: the registration form of a login that follows an invitation starts with the invited e-mail (Keycloak
 * would put {@code login_hint} into the username field when e-mail is not the username); the theme makes the field
 * read-only, and the acceptance checks the e-mail anyway.</p>
 */
public class TenancyLoginFormsProvider extends FreeMarkerLoginFormsProvider {

    private static final Logger LOG = Logger.getLogger(TenancyLoginFormsProvider.class);
    /** The page attribute the {@code tenancy} theme reads. */
    public static final String ATTRIBUTE = "tenancy";

    private final List<LoginTenantSource> sources;
    private Optional<LoginTenantSource.Hint> hint;

    public TenancyLoginFormsProvider(KeycloakSession session, List<LoginTenantSource> sources) {
        super(session);
        this.sources = sources;
    }

    @Override
    public Response createRegistration() {
        String invitedEmail = hint().map(LoginTenantSource.Hint::email).orElse(null);
        if (invitedEmail != null) {
            if (formData == null) {
                formData = new MultivaluedHashMap<>();
            }
            String typed = formData.getFirst(RegistrationPage.FIELD_EMAIL);
            if (typed == null || typed.isBlank()) {
                formData.putSingle(RegistrationPage.FIELD_EMAIL, invitedEmail);
            }
        }
        return super.createRegistration();
    }

    @Override
    protected Response processTemplate(Theme theme, String templateName, Locale locale) {
        try {
            attributes.put(
                    ATTRIBUTE, TenancyPageBean.of(session, hint().orElse(null), user, authenticationSession, locale));
        } catch (RuntimeException e) {
            // branding is decoration: a page must render without it
            LOG.warnf(e, "Tenant branding of page %s not available", templateName);
        }
        return super.processTemplate(theme, templateName, locale);
    }

    private Optional<LoginTenantSource.Hint> hint() {
        if (hint == null) {
            hint = LoginTenant.forPage(session, authenticationSession, user, sources);
        }
        return hint;
    }
}

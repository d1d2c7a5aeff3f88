package dev.tenancy.themes;

import dev.tenancy.context.BrandPalette;
import dev.tenancy.context.FirstFactor;
import dev.tenancy.context.LoginTenantSource;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantBranding;
import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The {@code tenancy} attribute of every login page, read by the {@code tenancy} login theme:
 * <ul>
 *   <li>{@code brand}: the branding of the page's tenant ({@code LoginTenant.forPage}), or null: {@code alias},
 *       {@code displayName} (branding display name, else the tenant's name), {@code logoUrl} (https only, else null),
 *       {@code primaryColor} ({@code #rrggbb}, else null), and derived from it ({@link BrandPalette})
 *       {@code primaryTextColor}, {@code accentColor} and {@code accentColorOnDark};</li>
 *   <li>{@code tenants}: the user's enabled tenants for the picker, sorted by name, each with {@code alias},
 *       {@code name}, {@code initial}, {@code logoUrl} and {@code last} (the last-used tenant, user attribute
 *       {@value #LAST_TENANT_ATTRIBUTE}); computed only when a template reads it, and empty until the user has
 *       passed the first factor ({@link FirstFactor}): a page shown after a typed name alone lists nothing;</li>
 *   <li>{@code invitedEmail}: the e-mail a login that follows an invitation is for, or null.</li>
 * </ul>
 * Values are plain text, validated ({@link TenantBranding}); the templates escape them (HTML output format).
 * A JavaBean: Keycloak's FreeMarker reads getters.
 */
public final class TenancyPageBean {

    /** The attribute tenant-mapper's "Tenant selection" step writes. */
    public static final String LAST_TENANT_ATTRIBUTE = TenancyConventions.LAST_TENANT_ATTRIBUTE;

    private final Brand brand;
    private final String invitedEmail;
    private final Supplier<List<TenantOption>> tenants;
    private List<TenantOption> tenantList;

    TenancyPageBean(Brand brand, String invitedEmail, Supplier<List<TenantOption>> tenants) {
        this.brand = brand;
        this.invitedEmail = invitedEmail;
        this.tenants = tenants;
    }

    static TenancyPageBean of(
            KeycloakSession session,
            LoginTenantSource.Hint hint,
            UserModel user,
            AuthenticationSessionModel authSession,
            Locale locale) {
        Brand brand = hint == null || hint.tenant() == null ? null : Brand.of(hint.tenant());
        boolean listable = user != null && FirstFactor.passed(authSession) && Organizations.isEnabled(session);
        return new TenancyPageBean(
                brand, hint == null ? null : hint.email(), () -> listable ? options(session, user, locale) : List.of());
    }

    static List<TenantOption> options(KeycloakSession session, UserModel user, Locale locale) {
        String last = user.getFirstAttribute(LAST_TENANT_ATTRIBUTE);
        Collator collator = Collator.getInstance(locale == null ? Locale.ENGLISH : locale);
        return Organizations.getProvider(session)
                .getByMember(user)
                .filter(OrganizationModel::isEnabled)
                .map(tenant -> TenantOption.of(tenant, tenant.getId().equals(last)))
                .sorted(Comparator.comparing(TenantOption::getName, collator).thenComparing(TenantOption::getAlias))
                .toList();
    }

    public Brand getBrand() {
        return brand;
    }

    public String getInvitedEmail() {
        return invitedEmail;
    }

    public synchronized List<TenantOption> getTenants() {
        if (tenantList == null) {
            tenantList = tenants.get();
        }
        return tenantList;
    }

    /** A tenant's branding as the login pages show it. */
    public static final class Brand {
        private final String alias;
        private final String displayName;
        private final String logoUrl;
        private final String primaryColor;

        Brand(String alias, String displayName, String logoUrl, String primaryColor) {
            this.alias = alias;
            this.displayName = displayName;
            this.logoUrl = logoUrl;
            this.primaryColor = primaryColor;
        }

        static Brand of(OrganizationModel tenant) {
            TenantBranding.Values values = TenantBranding.of(tenant.getAttributes());
            return new Brand(
                    tenant.getAlias(),
                    values.displayName() != null ? values.displayName() : tenant.getName(),
                    values.logoUrl(),
                    values.primaryColor());
        }

        public String getAlias() {
            return alias;
        }

        public String getDisplayName() {
            return displayName;
        }

        public String getLogoUrl() {
            return logoUrl;
        }

        public String getPrimaryColor() {
            return primaryColor;
        }

        /** Black or white, whichever has the higher contrast on the primary colour: the primary buttons' text. */
        public String getPrimaryTextColor() {
            BrandPalette palette = BrandPalette.of(primaryColor);
            return palette == null ? null : palette.onPrimary();
        }

        /** The primary colour, or a darker shade of it, at 4.5:1 on the (light) login card: text, links, focus. */
        public String getAccentColor() {
            BrandPalette palette = BrandPalette.of(primaryColor);
            return palette == null ? null : palette.accent();
        }

        /** The same for the card in dark mode (a lighter shade where needed). */
        public String getAccentColorOnDark() {
            BrandPalette palette = BrandPalette.of(primaryColor);
            return palette == null ? null : palette.accentOnDark();
        }
    }

    /** One entry of the tenant picker. */
    public static final class TenantOption {
        private final String alias;
        private final String name;
        private final String logoUrl;
        private final boolean last;

        TenantOption(String alias, String name, String logoUrl, boolean last) {
            this.alias = alias;
            this.name = name;
            this.logoUrl = logoUrl;
            this.last = last;
        }

        static TenantOption of(OrganizationModel tenant, boolean last) {
            TenantBranding.Values values = TenantBranding.of(tenant.getAttributes());
            String name = values.displayName() != null ? values.displayName() : tenant.getName();
            return new TenantOption(tenant.getAlias(), name, values.logoUrl(), last);
        }

        public String getAlias() {
            return alias;
        }

        public String getName() {
            return name;
        }

        /** The first letter of the name, shown when there is no logo. */
        public String getInitial() {
            return name == null || name.isBlank()
                    ? "?"
                    : new String(Character.toChars(name.strip().codePointAt(0))).toUpperCase(Locale.ROOT);
        }

        public String getLogoUrl() {
            return logoUrl;
        }

        public boolean isLast() {
            return last;
        }
    }
}

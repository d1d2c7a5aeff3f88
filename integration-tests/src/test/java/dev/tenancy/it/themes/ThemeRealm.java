package dev.tenancy.it.themes;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.TestRealm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The realm of the theme ITs: login and e-mail theme {@code tenancy}, English and German, the browser flow with
 * "Tenant selection" showing the picker and remembering the last tenant, and tenants with and without branding,
 * including one whose name and branding try HTML injection.
 */
final class ThemeRealm {

    static final String REDIRECT = "http://localhost/callback";
    static final String LOGO_HOST = "https://logos.tenancy.test/";
    static final String EVIL_NAME = "<img src=x onerror=alert(1)> Evil & \"Co\"";
    static final String EVIL_DISPLAY_NAME = "\"><script>alert('display')</script>";
    /** The twelve tenants of dana, the picker-with-search user. */
    static final List<String> MANY = List.of(
            "Aurora Labs",
            "Blue Harbor",
            "Cedar & Co",
            "Delta Freight",
            "Evergreen Health",
            "Fjord Analytics",
            "Granite Works",
            "Helix Bio",
            "Ion Mobility",
            "Juniper Retail",
            "Kite Energy",
            "Lumen Studio");

    final TestRealm realm;
    final TenantApi api;
    final Map<String, String> tenants = new LinkedHashMap<>();
    String acmeAdmins;
    String acmeViewers;

    private ThemeRealm(TestRealm realm, TenantApi api) {
        this.realm = realm;
        this.api = api;
    }

    static ThemeRealm setUp(TestRealm realm) {
        Map<String, Object> settings = realm.adminCall("GET", "", null).json();
        settings.put("loginTheme", "tenancy");
        settings.put("emailTheme", "tenancy");
        settings.put("internationalizationEnabled", true);
        settings.put("supportedLocales", List.of("en", "de"));
        settings.put("defaultLocale", "en");
        settings.put("displayName", "Tenancy Tests");
        realm.adminOk("PUT", "", settings);
        ThemeRealm fixture = new ThemeRealm(realm, TenantApi.setUp(realm));
        fixture.createTenants();
        realm.installBrowserFlowWithTenantSelection(Map.of("showTenantPicker", "true", "rememberLastTenant", "true"));
        return fixture;
    }

    private void createTenants() {
        String acme = realm.createOrganization("acme", "Acme Corp", "acme.test");
        attributes(
                acme,
                Map.of(
                        "tenancy.branding.display-name",
                        "Acme Corporation",
                        "tenancy.branding.logo-url",
                        LOGO_HOST + "acme.svg",
                        "tenancy.branding.primary-color",
                        "#b3261e"));
        tenants.put("acme", acme);
        tenants.put("globex", realm.createOrganization("globex", "Globex Inc", "globex.test"));
        String evil = realm.createOrganization("evil", "Evil Inc");
        // written by a realm admin: any one-line text is a valid name, so the theme must escape it; the evil logo
        // and colour are refused on write (ThemesIT), and a value stored before that check is not rendered
        attributes(evil, Map.of("tenancy.branding.display-name", EVIL_DISPLAY_NAME));
        tenants.put("evil", evil);
        acmeAdmins = api.groupWithPermissions(acme, "admins", "tenant-admin");
        acmeViewers = api.groupWithPermissions(acme, "viewers", "view-members");
        api.member(acme, "ann", acmeAdmins);
        String paul = api.member(acme, "paul");
        realm.addMember(tenants.get("globex"), paul);
        // a tenant whose NAME is the injection (no branding: the picker shows the name)
        tenants.put("rogue", realm.createOrganization("rogue", EVIL_NAME));
        String eve = api.member(evil, "eve");
        realm.addMember(acme, eve);
        realm.addMember(tenants.get("rogue"), eve);
        List<String> dana = new ArrayList<>();
        for (String name : MANY) {
            String alias = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            String id = realm.createOrganization(alias, name);
            if (dana.size() % 3 != 2) {
                attributes(
                        id,
                        Map.of(
                                "tenancy.branding.logo-url",
                                LOGO_HOST + alias + ".svg",
                                "tenancy.branding.primary-color",
                                COLORS.get(dana.size() % COLORS.size())));
            }
            tenants.put(alias, id);
            dana.add(id);
        }
        String danaId = realm.createUser("dana", "dana@users.test");
        dana.forEach(id -> realm.addMember(id, danaId));
        realm.createUser("carol", "carol@nowhere.test");
    }

    /** A new user {@code username} in the twelve tenants of {@link #MANY} (no last-used tenant yet); returns its id. */
    String memberOfMany(String username) {
        String id = realm.createUser(username, username + "@users.test");
        for (String name : MANY) {
            realm.addMember(tenants.get(name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")), id);
        }
        return id;
    }

    static final List<String> COLORS = List.of("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457");

    /** Replaces the organization's attributes with {@code attributes}, as a realm admin in the console. */
    void attributes(String organizationId, Map<String, String> attributes) {
        Http.Response response = putAttributes(organizationId, attributes);
        if (response.status() != 204) {
            throw new AssertionError("PUT organization " + organizationId + ": " + response);
        }
    }

    /** The console's PUT of an organization with these attributes (validated by the {@code tenancy} provider). */
    Http.Response putAttributes(String organizationId, Map<String, String> attributes) {
        Map<String, Object> org =
                realm.adminCall("GET", "/organizations/" + organizationId, null).json();
        Map<String, List<String>> values = new LinkedHashMap<>();
        attributes.forEach((k, v) -> values.put(k, List.of(v)));
        org.put("attributes", values);
        return realm.adminCall("PUT", "/organizations/" + organizationId, org);
    }

    /** The authorization URL of the test app (no PKCE: the page is only looked at, or the code is not exchanged). */
    String authUrl(String scope, String... extra) {
        StringBuilder url = new StringBuilder(realm.url())
                .append("/protocol/openid-connect/auth?client_id=")
                .append(TenantApi.APP)
                .append("&redirect_uri=")
                .append(encode(REDIRECT))
                .append("&response_type=code&scope=")
                .append(encode(scope))
                .append("&state=s&nonce=n");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            url.append('&').append(extra[i]).append('=').append(encode(extra[i + 1]));
        }
        return url.toString();
    }

    /** A logo as the tests' browser serves it for {@link #LOGO_HOST}: the tenant's initial on its colour. */
    static String logoSvg(String name, String color) {
        String initial = name.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        return "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64' viewBox='0 0 64 64'>"
                + "<rect width='64' height='64' rx='12' fill='" + color + "'/>"
                + "<text x='32' y='43' font-family='Arial' font-size='32' font-weight='bold' fill='#fff' "
                + "text-anchor='middle'>" + initial + "</text></svg>";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

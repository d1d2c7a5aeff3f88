package dev.tenancy.bench.scenarios;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Configuration;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.Http;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The tenant admin portal's members page on a tenant of {@code bench.members} members (default 100,000; the tenant
 * and seeding of {@link TenantMembersScenario}, reused with {@code --keep}): the two API calls the page needs before it
 * can show anything, {@code /members?max=50} and {@code /members/count}, one after the other. A: the same two calls
 * on Keycloak's organization admin API with a realm admin's token (what the admin console's organization members tab
 * reads); B: the tenant API with a tenant admin's token, as the portal sends them. The browser's time to the first
 * page (Chromium: script, rendering) is measured by the portal's own tests, not here.
 */
public final class PortalMembersScenario implements Scenario {

    private static final int PAGE = 50;

    private final TenantMembersScenario tenant = new TenantMembersScenario();

    @Override
    public String name() {
        return "portal-members";
    }

    @Override
    public String description() {
        return "the portal's first members page of a tenant with " + tenant.members() + " members: /members?max="
                + PAGE + " then /members/count; A: stock organization admin API with a realm admin's token, B: the "
                + "tenant API with a tenant admin's token";
    }

    @Override
    public Comparison setUp(BenchContext context) throws Exception {
        String organizationId = tenant.seededTenant(context);
        BenchRealm realm = context.realm(TenantMembersScenario.REALM);
        String realmAdminToken = realm.passwordToken("admin-cli", TenantMembersScenario.realmAdmin(), "openid");
        String tenantAdminToken = realm.passwordToken(
                "app", TenantMembersScenario.tenantAdmin(), "openid organization:" + TenantMembersScenario.TENANT);
        String stock = context.baseUrl() + "/admin/realms/" + TenantMembersScenario.REALM + "/organizations/"
                + organizationId + "/members";
        String ours = realm.url() + "/tenants/" + TenantMembersScenario.TENANT + "/members";
        String stockPage = stock + "?first=0&max=" + PAGE;
        String ourPage = ours + "?max=" + PAGE;
        check(context, "stock", stockPage, stock + "/count", realmAdminToken);
        check(context, "tenant API", ourPage, ours + "/count", tenantAdminToken);
        return new Comparison(
                null,
                new Configuration(
                        "stock org admin API, page + count",
                        worker -> firstPage(context, stockPage, stock + "/count", realmAdminToken)),
                new Configuration(
                        "tenant API, page + count",
                        worker -> firstPage(context, ourPage, ours + "/count", tenantAdminToken)));
    }

    /** The page, then (if it answered 2xx) the count: the bench times both as one request. */
    private static HttpResponse<String> firstPage(BenchContext context, String page, String count, String token)
            throws Exception {
        HttpResponse<String> members = context.get(page, token);
        return members.statusCode() / 100 != 2 ? members : context.get(count, token);
    }

    /** Before measuring: a side answers a full page of 50 members and a count (a refused side cannot pass as fast). */
    private static void check(BenchContext context, String side, String page, String count, String token)
            throws Exception {
        HttpResponse<String> members = context.get(page, token);
        List<?> list = members.statusCode() == 200 ? Http.JSON.readValue(members.body(), List.class) : List.of();
        HttpResponse<String> counted = context.get(count, token);
        if (list.size() != PAGE
                || counted.statusCode() != 200
                || !counted.body().matches("\\D*\\d+\\D*")) {
            throw new IllegalStateException(side + ": page HTTP " + members.statusCode() + " with " + list.size()
                    + " members, count HTTP " + counted.statusCode() + " " + counted.body());
        }
        System.out.printf(
                "  %s: a page of %d members, count %s%n",
                side, list.size(), counted.body().trim());
    }

    @Override
    public void tearDown(BenchContext context) {
        tenant.tearDown(context);
    }
}

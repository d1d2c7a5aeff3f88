package dev.tenancy.admin.resource;

import dev.tenancy.admin.audit.EventFilter;
import dev.tenancy.admin.persistence.TenantJpaQueries;
import dev.tenancy.admin.representation.EventRepresentation;
import dev.tenancy.context.TenantPermission;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code GET /realms/{realm}/tenants/{alias}/events}: the tenant's audit events, newest first ({@code view-audit}).
 * {@code kind=admin} (default): admin events whose resource is this tenant (this API's and the admin console's:
 * profile, suspension, members, roles, invitations, sessions). {@code kind=user}: login-side events naming this tenant
 * in their details (tenant switches, refused tenants, refresh replays). Stored only when the realm stores admin events
 * / events. Filters: {@code type} (exact; the operation type of an admin event, the type of a user event),
 * {@code dateFrom} and {@code dateTo} ({@code YYYY-MM-DD} as Keycloak's events API, whole days in UTC, both
 * inclusive). Every page is read through {@link TenantJpaQueries}' indexed queries.
 */
public class TenantEventsResource {

    /** Keycloak's operation and event types: upper-case words joined by underscores. */
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    private final KeycloakSession session;
    private final TenantScope scope;

    TenantEventsResource(KeycloakSession session, TenantScope scope) {
        this.session = session;
        this.scope = scope;
    }

    @GET
    @Path("")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public Stream<EventRepresentation> events(
            @QueryParam("kind") String kind,
            @QueryParam("type") String type,
            @QueryParam("dateFrom") String dateFrom,
            @QueryParam("dateTo") String dateTo,
            @QueryParam("first") String first,
            @QueryParam("max") String max) {
        scope.require(TenantPermission.VIEW_AUDIT);
        Input.Page page = Input.page(first, max);
        boolean admin = kind == null || kind.equals("admin");
        if (!admin && !kind.equals("user")) {
            throw Input.invalid("kind", "must be admin or user");
        }
        EventFilter filter = filter(type, dateFrom, dateTo);
        RealmModel realm = session.getContext().getRealm();
        TenantJpaQueries queries = new TenantJpaQueries(session);
        return admin
                ? queries.adminEvents(realm, scope.tenant(), filter, page.first(), page.max())
                : queries.userEvents(realm, scope.tenant(), filter, page.first(), page.max());
    }

    /** The filters of one request, validated: 400 naming the parameter. */
    static EventFilter filter(String type, String dateFrom, String dateTo) {
        String exactType = type == null || type.isEmpty() ? null : type;
        if (exactType != null && !TYPE.matcher(exactType).matches()) {
            throw Input.invalid("type", "must be an event or operation type such as LOGIN or CREATE");
        }
        Long from = day("dateFrom", dateFrom);
        Long to = day("dateTo", dateTo);
        if (from != null && to != null && from > to) {
            throw Input.invalid("dateFrom", "must not be after dateTo");
        }
        return new EventFilter(exactType, from, to == null ? null : to + DAY_MILLIS - 1);
    }

    /** The start of the day {@code raw} ({@code YYYY-MM-DD}, UTC) in epoch milliseconds, or null when absent. */
    private static Long day(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (!raw.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw Input.invalid(field, "must be a date YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw Input.invalid(field, "must be a date YYYY-MM-DD");
        }
    }
}

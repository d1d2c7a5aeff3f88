package dev.tenancy.admin.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/tenancy/setup}: {@code POST} sets the realm up for Keycloak Tenancy (idempotent;
 * {@code ?dryRun=true} plans only), {@code GET} reports what is set up, what is missing, and invalid {@code tenancy.*}
 * organization attributes. Keycloak authenticates the admin token before this resource is reached (401 without one);
 * authorisation is Keycloak's: manage-realm to set up (plus manage-clients when client scopes or clients change),
 * view-realm to read the report.
 */
public class RealmSetupResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public RealmSetupResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.REALM);
    }

    @POST
    @Path("setup")
    @Produces(MediaType.APPLICATION_JSON)
    public Response setup(
            @QueryParam(SetupOptions.DRY_RUN) String dryRun,
            @Context HttpHeaders headers,
            @Context UriInfo uriInfo,
            String body) {
        if (!auth.realm().canManageRealm()) {
            return forbidden("Setting up the realm needs the role manage-realm");
        }
        SetupOptions options;
        try {
            if (uriInfo.getQueryParameters().keySet().stream().anyMatch(k -> !SetupOptions.DRY_RUN.equals(k))) {
                throw new IllegalArgumentException("unknown query parameter; known: " + SetupOptions.DRY_RUN);
            }
            if (uriInfo.getQueryParameters()
                            .getOrDefault(SetupOptions.DRY_RUN, List.of())
                            .size()
                    > 1) {
                throw new IllegalArgumentException("dryRun given more than once");
            }
            options = SetupOptions.parse(dryRun, parseBody(headers, body));
            for (String clientId : options.defaultScopeClients()) {
                if (realm.getClientByClientId(clientId) == null) {
                    throw new IllegalArgumentException("no client '" + clientId + "' in this realm ("
                            + SetupOptions.DEFAULT_SCOPE_CLIENTS + " takes client ids, not UUIDs)");
                }
            }
        } catch (IllegalArgumentException e) {
            return OAuthErrors.response(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        List<PlannedStep> plan = RealmSetup.plan(session, realm, options);
        if (plan.stream().anyMatch(PlannedStep::touchesClients)
                && !auth.clients().canManage()) {
            return forbidden(
                    "Setting up the realm creates or changes client scopes or clients here, which needs the role "
                            + "manage-clients");
        }
        if (RealmSetup.refused(plan)) {
            Map<String, Object> refusal = new LinkedHashMap<>(OAuthErrors.body(
                    "conflict",
                    "Realm setup refused, nothing "
                            + "was changed: "
                            + String.join(
                                    " ",
                                    plan.stream()
                                            .filter(s -> s.status() == StepStatus.REFUSED)
                                            .map(s -> s.step() + ": " + s.message())
                                            .toList())));
            refusal.putAll(result(plan, options.dryRun(), false));
            return Response.status(Response.Status.CONFLICT)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(refusal)
                    .build();
        }
        boolean writes = RealmSetup.writes(plan);
        if (!options.dryRun() && writes) {
            RealmSetup.apply(plan);
            adminEvent
                    .operation(OperationType.UPDATE)
                    .resourcePath(uriInfo)
                    .representation(result(plan, false, true))
                    .success();
        }
        return Response.ok(result(plan, options.dryRun(), !options.dryRun() && writes))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Path("setup")
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(@Context UriInfo uriInfo) {
        if (!auth.realm().canViewRealm()) {
            return forbidden("The setup report needs the role view-realm");
        }
        if (!uriInfo.getQueryParameters().isEmpty()) {
            return OAuthErrors.response(
                    Response.Status.BAD_REQUEST, "invalid_request", "this endpoint takes no query parameters");
        }
        List<PlannedStep> plan = RealmSetup.plan(session, realm, SetupOptions.REPORT);
        List<StoredAttributeCheck.Finding> findings = StoredAttributeCheck.findings(session, realm);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("realm", realm.getName());
        report.put("complete", plan.stream().allMatch(s -> s.status() == StepStatus.UNCHANGED) && findings.isEmpty());
        report.put("steps", plan.stream().map(RealmSetupResource::reportEntry).toList());
        report.put(
                "missing",
                plan.stream()
                        .filter(s -> s.status().writes())
                        .map(PlannedStep::step)
                        .toList());
        report.put(
                "needsAttention",
                plan.stream()
                        .filter(s -> s.status() == StepStatus.REFUSED)
                        .map(PlannedStep::step)
                        .toList());
        report.put(
                "invalidAttributes",
                findings.stream().map(StoredAttributeCheck.Finding::toJson).toList());
        return Response.ok(report).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** A step in the report: {@code ok}, {@code missing} (setup would add it) or {@code needs-attention} (setup refuses). */
    private static Map<String, Object> reportEntry(PlannedStep step) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("step", step.step());
        entry.put(
                "state",
                switch (step.status()) {
                    case UNCHANGED -> "ok";
                    case CREATED, UPDATED -> "missing";
                    case REFUSED -> "needs-attention";
                });
        entry.put("message", step.message());
        return entry;
    }

    private Map<String, Object> result(List<PlannedStep> plan, boolean dryRun, boolean changed) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("realm", realm.getName());
        result.put("dryRun", dryRun);
        result.put("changed", changed);
        result.put("steps", plan.stream().map(PlannedStep::toJson).toList());
        return result;
    }

    private static Object parseBody(HttpHeaders headers, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        MediaType type = headers.getMediaType();
        if (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
            throw new IllegalArgumentException("the body must be JSON (Content-Type: application/json)");
        }
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException("the body is too large");
        }
        try {
            return JSON.readValue(body, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
    }

    private static Response forbidden(String description) {
        return OAuthErrors.response(Response.Status.FORBIDDEN, "access_denied", description);
    }
}

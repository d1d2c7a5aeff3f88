package dev.tenancy.admin.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of a setup call: {@code dryRun} (query parameter) and the optional JSON body
 * {@code {"defaultScopeClients": ["<clientId>", ...]}} naming clients that get the tenant scope as a default scope.
 *
 * @param dryRun              plan and report, write nothing
 * @param defaultScopeClients client ids (not UUIDs) of the realm's clients to add the scope to, as a default scope
 */
public record SetupOptions(boolean dryRun, List<String> defaultScopeClients) {

    public static final String DRY_RUN = "dryRun";
    public static final String DEFAULT_SCOPE_CLIENTS = "defaultScopeClients";
    private static final int MAX_CLIENTS = 100;

    /** The options of a health check: nothing to add to any client. */
    public static final SetupOptions REPORT = new SetupOptions(true, List.of());

    /**
     * Parses the query parameter and the body; throws {@link IllegalArgumentException} with a message for a 400.
     *
     * @param dryRun the raw query parameter (null when absent)
     * @param body   the parsed JSON body (null when empty)
     */
    public static SetupOptions parse(String dryRun, Object body) {
        boolean dry;
        if (dryRun == null) {
            dry = false;
        } else if ("true".equals(dryRun) || "false".equals(dryRun)) {
            dry = Boolean.parseBoolean(dryRun);
        } else {
            throw new IllegalArgumentException("dryRun must be true or false");
        }
        List<String> clients = new ArrayList<>();
        if (body != null) {
            if (!(body instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            for (Object key : map.keySet()) {
                if (!DEFAULT_SCOPE_CLIENTS.equals(key)) {
                    throw new IllegalArgumentException(
                            "unknown field '" + key + "'; known fields: " + Set.of(DEFAULT_SCOPE_CLIENTS));
                }
            }
            Object value = map.get(DEFAULT_SCOPE_CLIENTS);
            if (value != null) {
                if (!(value instanceof List<?> list) || list.size() > MAX_CLIENTS) {
                    throw new IllegalArgumentException(
                            DEFAULT_SCOPE_CLIENTS + " must be a list of at most " + MAX_CLIENTS + " client ids");
                }
                for (Object item : list) {
                    if (!(item instanceof String clientId) || clientId.isBlank() || clientId.length() > 255) {
                        throw new IllegalArgumentException(
                                DEFAULT_SCOPE_CLIENTS + " must hold client ids (strings of 1 to 255 characters)");
                    }
                    if (!clients.contains(clientId)) {
                        clients.add(clientId);
                    }
                }
            }
        }
        return new SetupOptions(dry, List.copyOf(clients));
    }
}

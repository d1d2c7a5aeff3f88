package dev.tenancy.context;

import java.util.Arrays;
import java.util.List;
import org.keycloak.OAuth2Constants;

/** The single tenants a scope string asks for: its {@code organization:<alias>} scopes, not {@code organization:*}. */
public final class RequestedTenants {

    private static final String PREFIX = OAuth2Constants.ORGANIZATION + ":";

    private RequestedTenants() {}

    public static List<String> inScope(String scope) {
        if (scope == null || scope.isBlank()) {
            return List.of();
        }
        return Arrays.stream(scope.trim().split("\\s+"))
                .filter(s -> s.startsWith(PREFIX))
                .map(s -> s.substring(PREFIX.length()))
                .filter(alias -> !alias.isEmpty() && !alias.equals("*"))
                .distinct()
                .toList();
    }
}

package dev.tenancy.admin.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.keycloak.models.UserModel;

/**
 * A member in a list: {@code GET /tenants/{alias}/members}. {@code roles}: the member's roles in the tenant, only when
 * the list was asked for them ({@code include=roles}); otherwise absent.
 */
public record MemberRepresentation(
        String id,
        String username,
        String email,
        String firstName,
        String lastName,
        boolean enabled,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<RoleRepresentation> roles) {

    public MemberRepresentation(
            String id, String username, String email, String firstName, String lastName, boolean enabled) {
        this(id, username, email, firstName, lastName, enabled, null);
    }

    public static MemberRepresentation of(UserModel user) {
        return new MemberRepresentation(
                user.getId(),
                user.getUsername(),
                user.getEmail(),
                user.getFirstName(),
                user.getLastName(),
                user.isEnabled());
    }

    /** This member with its roles in the tenant. */
    public MemberRepresentation withRoles(List<RoleRepresentation> roles) {
        return new MemberRepresentation(id, username, email, firstName, lastName, enabled, roles);
    }
}

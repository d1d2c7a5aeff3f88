package dev.tenancy.admin.representation;

import org.keycloak.models.UserModel;

/** A member in a list: {@code GET /tenants/{alias}/members}. */
public record MemberRepresentation(
        String id, String username, String email, String firstName, String lastName, boolean enabled) {

    public static MemberRepresentation of(UserModel user) {
        return new MemberRepresentation(
                user.getId(),
                user.getUsername(),
                user.getEmail(),
                user.getFirstName(),
                user.getLastName(),
                user.isEnabled());
    }
}

package dev.tenancy.admin.representation;

import java.util.List;

/**
 * An invitation. {@code status}: {@code PENDING}, {@code ACCEPTED}, {@code EXPIRED}, {@code REVOKED} or
 * {@code DECLINED}. Times in
 * epoch seconds. {@code link} and {@code emailSent} are set only in the answers of create and resend: the link is
 * shown once (the server keeps only a hash of its secret).
 */
public record InvitationRepresentation(
        String id,
        String tenant,
        String email,
        String status,
        List<RoleRef> roles,
        long createdAt,
        long expiresAt,
        int sentCount,
        String createdBy,
        Long acceptedAt,
        String acceptedBy,
        Long revokedAt,
        Long declinedAt,
        String link,
        Boolean emailSent) {

    /** A role of an invitation; {@code path} is null when the group was deleted since. */
    public record RoleRef(String id, String path) {}
}

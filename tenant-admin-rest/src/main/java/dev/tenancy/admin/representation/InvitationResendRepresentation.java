package dev.tenancy.admin.representation;

/** {@code POST /tenants/{alias}/invitations/{id}/resend}: optional new lifetime in seconds (default 7 days). */
public record InvitationResendRepresentation(Long expiresInSeconds) {}

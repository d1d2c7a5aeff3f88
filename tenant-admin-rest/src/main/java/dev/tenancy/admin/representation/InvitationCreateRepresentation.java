package dev.tenancy.admin.representation;

import java.util.List;

/**
 * {@code POST /tenants/{alias}/invitations}: the invitee's e-mail, the roles (organization groups of this tenant, by
 * id or path) they get when they accept, and the lifetime in seconds (default 7 days, at most 30 days).
 */
public record InvitationCreateRepresentation(String email, List<String> roles, Long expiresInSeconds) {}

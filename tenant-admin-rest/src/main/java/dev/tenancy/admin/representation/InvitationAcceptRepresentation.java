package dev.tenancy.admin.representation;

/** {@code POST /tenants/invitations/accept}: the {@code key} query parameter of the invitation link. */
public record InvitationAcceptRepresentation(String key) {}

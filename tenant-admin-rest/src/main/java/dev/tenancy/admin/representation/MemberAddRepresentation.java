package dev.tenancy.admin.representation;

/** {@code POST /tenants/{alias}/members}: exactly one of {@code userId} or {@code email} of an existing user. */
public record MemberAddRepresentation(String userId, String email) {}

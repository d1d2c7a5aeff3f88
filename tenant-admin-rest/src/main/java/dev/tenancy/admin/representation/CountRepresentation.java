package dev.tenancy.admin.representation;

/** A count: {@code GET /tenants/{alias}/members/count}. */
public record CountRepresentation(long count) {}

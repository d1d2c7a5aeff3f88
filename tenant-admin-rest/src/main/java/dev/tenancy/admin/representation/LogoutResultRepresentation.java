package dev.tenancy.admin.representation;

/** What a logout ended: {@code DELETE .../sessions}. */
public record LogoutResultRepresentation(long members, long sessions) {}

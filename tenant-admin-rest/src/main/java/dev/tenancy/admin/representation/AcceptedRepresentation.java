package dev.tenancy.admin.representation;

import java.util.List;

/** The answer to an accepted invitation: the tenant joined and the roles received. */
public record AcceptedRepresentation(String tenantId, String tenant, String name, List<String> roles) {}

package dev.tenancy.mapper.membership;

import java.util.List;
import java.util.Set;

/**
 * A user's organizations as read once in a request (lazily resolved models), the ids of those that manage the user,
 * and whether any of them is of another realm than the request's.
 */
record Memberships(
        List<MemberOrganization> organizations, Set<String> managingOrganizationIds, boolean ofAnotherRealm) {}

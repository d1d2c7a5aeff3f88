package dev.tenancy.mapper.membership;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.keycloak.models.OrganizationModel;

/**
 * A user's organizations in one request. What Keycloak asks on every user lookup (how many, which of them manage the
 * user, whether any is of another realm) comes from a count (Keycloak's cached list's size, or a query), without a row
 * per organization; the organizations
 * themselves (by name, with their enabled flags) are read only when something asks for one of them, once.
 */
final class Memberships {

    private final MemberOrganizationProvider provider;
    private final String memberId;
    private final int count;
    private final Set<String> managingOrganizationIds;
    private final boolean ofAnotherRealm;
    private final Supplier<List<MemberOrganization>> reader;
    private List<MemberOrganization> organizations;
    private boolean handedOut;

    Memberships(
            MemberOrganizationProvider provider,
            String memberId,
            int count,
            Set<String> managingOrganizationIds,
            boolean ofAnotherRealm,
            Supplier<List<MemberOrganization>> reader) {
        this.provider = provider;
        this.memberId = memberId;
        this.count = count;
        this.managingOrganizationIds = Set.copyOf(managingOrganizationIds);
        this.ofAnotherRealm = ofAnotherRealm;
        this.reader = reader;
    }

    /** The memberships of a user in no organization (or of another storage, whose rows are not here). */
    static Memberships none(MemberOrganizationProvider provider, String memberId) {
        return new Memberships(provider, memberId, 0, Set.of(), false, List::of);
    }

    /** The provider of this request, whose memberships of the user are the current ones after a write. */
    MemberOrganizationProvider provider() {
        return provider;
    }

    /** The user whose memberships these are. */
    String memberId() {
        return memberId;
    }

    /** How many organizations the user was in when counted. */
    int count() {
        return count;
    }

    /** The ids of the organizations that manage the user. */
    Set<String> managingOrganizationIds() {
        return managingOrganizationIds;
    }

    /** Whether any of the user's organizations is of another realm than the request's. */
    boolean ofAnotherRealm() {
        return ofAnotherRealm;
    }

    /** Whether the organizations themselves were read. */
    boolean read() {
        return organizations != null;
    }

    /** Whether placeholders were handed out ({@link #stream}). */
    boolean handedOut() {
        return handedOut;
    }

    /** The user's organizations by name, read on the first call (one query). */
    List<MemberOrganization> organizations() {
        if (organizations == null) {
            organizations = List.copyOf(reader.get());
        }
        return organizations;
    }

    /**
     * The user's organizations by name, as {@link #organizations()} once read; before that, one
     * {@link OrganizationPlaceholder} per organization counted, each of which reads them only when asked anything but
     * whether it manages the user.
     */
    Stream<OrganizationModel> stream() {
        if (read()) {
            return organizations.stream().map(OrganizationModel.class::cast);
        }
        handedOut = count > 0;
        return IntStream.range(0, count)
                .mapToObj(position -> read() && position < organizations.size()
                        ? organizations.get(position)
                        : new OrganizationPlaceholder(this, position));
    }
}

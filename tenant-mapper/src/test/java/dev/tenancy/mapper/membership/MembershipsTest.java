package dev.tenancy.mapper.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-request memo of a user's organizations: counted first, read only when an organization itself is asked for,
 * and then read once; positions are those of the one read.
 */
class MembershipsTest {

    private final AtomicInteger reads = new AtomicInteger();

    private Memberships of(int count, Set<String> managing, List<MemberOrganization> listed) {
        return new Memberships(null, "user-id", count, managing, false, () -> {
            reads.incrementAndGet();
            return listed;
        });
    }

    @Test
    void aStreamOfPlaceholdersReadsNothingAndHasOneElementPerCountedOrganization() {
        Memberships memberships = of(5000, Set.of(), List.of());
        long seen = memberships.stream().count();
        assertThat(seen).isEqualTo(5000);
        assertThat(reads).hasValue(0);
        assertThat(memberships.read()).isFalse();
        assertThat(memberships.handedOut()).isTrue();
    }

    @Test
    void placeholdersStandForTheirPositionsInOrder() {
        Memberships memberships = of(3, Set.of("b"), List.of());
        assertThat(memberships.stream())
                .allMatch(OrganizationPlaceholder.class::isInstance)
                .extracting(Object::toString)
                .containsExactly(
                        "organization at 0 of user user-id",
                        "organization at 1 of user user-id",
                        "organization at 2 of user user-id");
        assertThat(reads).hasValue(0);
        assertThat(memberships.managingOrganizationIds()).containsExactly("b");
    }

    @Test
    void theOrganizationsAreReadOnceAndThenStreamedThemselves() {
        Memberships memberships = of(0, Set.of(), List.of());
        assertThat(memberships.organizations()).isEmpty();
        assertThat(memberships.organizations()).isEmpty();
        assertThat(reads).hasValue(1);
        assertThat(memberships.read()).isTrue();
        assertThat(memberships.stream()).isEmpty();
        assertThat(memberships.handedOut()).isFalse();
    }

    @Test
    void aUserInNoOrganizationGetsAnEmptyStream() {
        Memberships none = of(0, Set.of(), List.of());
        assertThat(none.stream()).isEmpty();
        assertThat(reads).hasValue(0);
        assertThat(none.handedOut()).as("nothing to read before a write").isFalse();
    }
}

package dev.tenancy.mapper.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.models.OrganizationModel;

/**
 * {@link KeycloakMemberList} counts Keycloak's list without looking an organization up. Keycloak 26.7.3's cache answers
 * {@code getByMember} with {@code cachedIds.stream().map(this::getById)} over an immutable list
 * ({@code InfinispanOrganizationProvider}, {@code CachedOrganizationIds}), the shape the first test builds; if an
 * upgrade changes it, the provider counts with a query instead (same answers; the bench's many-tenants rows show the
 * cost).
 */
class KeycloakMemberListTest {

    @Test
    void keycloaksCachedListIsCountedWithoutALookup() {
        List<String> lookedUp = new ArrayList<>();
        List<String> ids = IntStream.range(0, 5000).mapToObj(i -> "org-" + i).toList();

        // what Keycloak's cache returns: its cached ids, each mapped to its cached organization as it is read
        KeycloakMemberList list = KeycloakMemberList.of(ids.stream().map(id -> {
            lookedUp.add(id);
            return organization(id);
        }));

        assertThat(list.size()).isEqualTo(5000);
        assertThat(lookedUp).isEmpty();
        assertThat(list.organizations()).hasSize(5000);
        assertThat(list.organizations()).hasSize(5000);
        assertThat(lookedUp).as("each looked up once").hasSize(5000);
    }

    @Test
    void anOrganizationRemovedSinceKeycloakListedItIsLeftOut() {
        KeycloakMemberList list = KeycloakMemberList.of(
                Stream.of("a", "gone", "b").map(id -> id.equals("gone") ? null : organization(id)));

        assertThat(list.size()).isEqualTo(3);
        assertThat(list.organizations()).extracting(OrganizationModel::getId).containsExactly("a", "b");
    }

    @Test
    void theCountedOrganizationsStandWhileTheDatabaseHasAsManyAsKeycloakListed() {
        List<String> lookedUp = new ArrayList<>();
        KeycloakMemberList list = KeycloakMemberList.of(Stream.of("a", "b").map(id -> {
            lookedUp.add(id);
            return organization(id);
        }));

        assertThat(list.ifCountedElseKeycloaks(List.of("a by name", "b by name"), OrganizationModel::getId))
                .containsExactly("a by name", "b by name");
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void aMembershipWrittenSinceKeycloakListedThemLeavesKeycloaksList() {
        KeycloakMemberList list = KeycloakMemberList.of(Stream.of("b", "a").map(KeycloakMemberListTest::organization));

        // the database has one more than Keycloak counted: what was handed out stays Keycloak's, in its order
        assertThat(list.ifCountedElseKeycloaks(List.of("a", "b", "c"), OrganizationModel::getId))
                .containsExactly("b", "a");
    }

    @Test
    void aListOfUnknownSizeIsClosedAtOnce() {
        AtomicBoolean closed = new AtomicBoolean();
        // what Keycloak's database provider returns: a query's result stream, closed when done
        Stream<OrganizationModel> query = Stream.iterate(0, i -> i + 1)
                .limit(3)
                .map(i -> organization("org-" + i))
                .onClose(() -> closed.set(true));

        KeycloakMemberList list = KeycloakMemberList.of(query);

        assertThat(list.size()).isEqualTo(-1);
        assertThat(closed).isTrue();
    }

    private static OrganizationModel organization(String id) {
        return (OrganizationModel) Proxy.newProxyInstance(
                OrganizationModel.class.getClassLoader(),
                new Class<?>[] {OrganizationModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "toString" -> "organization " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

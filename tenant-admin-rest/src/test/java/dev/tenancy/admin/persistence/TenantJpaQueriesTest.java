package dev.tenancy.admin.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.admin.audit.EventFilter;
import dev.tenancy.admin.audit.TenantEventEntity;
import dev.tenancy.admin.persistence.TenantJpaQueries.MemberSearch;
import dev.tenancy.context.testing.JpqlEntityPaths;
import jakarta.persistence.Column;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.events.jpa.AdminEventEntity;
import org.keycloak.events.jpa.EventEntity;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;
import org.keycloak.representations.idm.MembershipType;

/**
 * Guards the module's one adapter to Keycloak's JPA entities: a Keycloak upgrade that renames an entity, a field, a
 * table or a column that {@link TenantJpaQueries} or our changelog's index on Keycloak's table relies on fails here.
 */
class TenantJpaQueriesTest {

    private static final Class<?>[] ENTITIES = {
        UserGroupMembershipEntity.class,
        UserEntity.class,
        OrganizationEntity.class,
        AdminEventEntity.class,
        EventEntity.class,
        TenantEventEntity.class
    };

    @Test
    void everyQueryNamesOnlyEntitiesAndFieldsThatExist() {
        List<String> queries = new ArrayList<>();
        for (MemberSearch search : MemberSearch.values()) {
            for (boolean after : new boolean[] {false, true}) {
                for (boolean descending : new boolean[] {false, true}) {
                    queries.add(TenantJpaQueries.membersJpql(search, after, descending));
                }
            }
        }
        queries.add(TenantJpaQueries.readOnlyMembersJpql(true));
        queries.add(TenantJpaQueries.readOnlyMembersJpql(false));
        queries.add(TenantJpaQueries.groupMembershipsJpql());
        queries.add(TenantJpaQueries.organizationIdsJpql(true));
        queries.add(TenantJpaQueries.organizationIdsJpql(false));
        EventFilter all = new EventFilter("CREATE", 0L, 1L);
        for (EventFilter filter : List.of(EventFilter.NONE, all)) {
            queries.add(TenantJpaQueries.adminEventsJpql(true, filter));
            queries.add(TenantJpaQueries.adminEventsJpql(false, filter));
            queries.add(TenantJpaQueries.userEventsJpql(filter));
        }
        for (String jpql : queries) {
            assertThat(JpqlEntityPaths.problems(jpql, ENTITIES)).as(jpql).isEmpty();
        }
    }

    @Test
    void theManagedMembershipIsStoredAsKeycloaksEnumName() {
        assertThat(TenantJpaQueries.MANAGED).isEqualTo(MembershipType.MANAGED.name());
    }

    /** Our changelog's {@code IDX_TENANCY_ADMIN_EVENT_ORG} names Keycloak's table and columns, not the entity. */
    @Test
    void theAdminEventIndexNamesKeycloaksTableAndColumns() throws Exception {
        assertThat(AdminEventEntity.class.getAnnotation(Table.class).name()).isEqualTo("ADMIN_EVENT_ENTITY");
        assertThat(column(AdminEventEntity.class, "realmId")).isEqualTo("REALM_ID");
        assertThat(column(AdminEventEntity.class, "resourcePath")).isEqualTo("RESOURCE_PATH");
        assertThat(column(AdminEventEntity.class, "time")).isEqualTo("ADMIN_EVENT_TIME");
        // SUBSTR(RESOURCE_PATH, 15, 36): the 36 characters after "organizations/"
        assertThat(TenantJpaQueries.ORGANIZATIONS).hasSize(14);
    }

    @Test
    void theGuardFindsARenamedField() {
        assertThat(JpqlEntityPaths.problems("select e.resourceUri from AdminEventEntity e", ENTITIES))
                .singleElement()
                .asString()
                .contains("has no field resourceUri");
    }

    private static String column(Class<?> entity, String field) throws NoSuchFieldException {
        return entity.getDeclaredField(field).getAnnotation(Column.class).name();
    }
}

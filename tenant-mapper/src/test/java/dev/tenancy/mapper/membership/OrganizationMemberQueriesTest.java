package dev.tenancy.mapper.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.context.testing.JpqlEntityPaths;
import org.junit.jupiter.api.Test;
import org.keycloak.models.jpa.entities.GroupEntity;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;
import org.keycloak.representations.idm.MembershipType;

/**
 * Guards the module's one query of Keycloak's JPA entities: a Keycloak upgrade that renames an entity or a field it
 * names fails here, not at a user's login.
 */
class OrganizationMemberQueriesTest {

    @Test
    void theMembershipQueryNamesOnlyEntitiesAndFieldsKeycloakHas() {
        assertThat(JpqlEntityPaths.problems(
                        OrganizationMemberQueries.MEMBERSHIPS_OF_USER,
                        UserGroupMembershipEntity.class,
                        OrganizationEntity.class,
                        UserEntity.class))
                .isEmpty();
    }

    @Test
    void theCountAndManagingQueriesNameOnlyEntitiesAndFieldsKeycloakHas() {
        for (String query : new String[] {
            OrganizationMemberQueries.MEMBERSHIP_COUNT_OF_USER,
            OrganizationMemberQueries.REALM_AND_MANAGING_ORGANIZATIONS_OF_USER
        }) {
            assertThat(JpqlEntityPaths.problems(
                            query, UserGroupMembershipEntity.class, OrganizationEntity.class, UserEntity.class))
                    .as(query)
                    .isEmpty();
        }
    }

    @Test
    void theRealmGroupQueryNamesOnlyEntitiesAndFieldsKeycloakHas() throws Exception {
        assertThat(JpqlEntityPaths.problems(
                        OrganizationMemberQueries.GROUP_IDS_OF_USER,
                        UserGroupMembershipEntity.class,
                        GroupEntity.class))
                .isEmpty();
        assertThat(GroupEntity.class.getDeclaredField("type").getType()).isEqualTo(int.class);
    }

    @Test
    void theMembershipTypeIsStoredAsKeycloaksEnumName() throws Exception {
        assertThat(UserGroupMembershipEntity.class
                        .getDeclaredField("membershipType")
                        .getType())
                .isEqualTo(String.class);
        assertThat(MembershipType.valueOf("MANAGED")).isEqualTo(MembershipType.MANAGED);
    }

    @Test
    void theGuardFindsARenamedField() {
        assertThat(JpqlEntityPaths.problems("select o.nickname from OrganizationEntity o", OrganizationEntity.class))
                .singleElement()
                .asString()
                .contains("has no field nickname");
        assertThat(JpqlEntityPaths.problems(
                        "select m.user.login from UserGroupMembershipEntity m", UserGroupMembershipEntity.class))
                .singleElement()
                .asString()
                .contains("has no field login");
        assertThat(JpqlEntityPaths.problems("select g from GroupEntity g", OrganizationEntity.class))
                .anyMatch(p -> p.contains("entity GroupEntity"));
    }
}

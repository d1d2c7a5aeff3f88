package dev.tenancy.mapper.membership;

import jakarta.persistence.EntityManager;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.MembershipType;

/**
 * The tenant-mapper module's ONE class that queries Keycloak's JPA entities ({@code UserGroupMembershipEntity},
 * {@code OrganizationEntity}, {@code GroupEntity}, internal classes of keycloak-model-jpa): Keycloak's
 * {@code OrganizationProvider} has no call that answers "which organizations is this user in, are they enabled, and do
 * they manage the user" in one query, and Keycloak's user model none that reads a user's realm groups without their
 * organization groups ({@code groups.UserRealmGroups}). {@code OrganizationMemberQueriesTest} fails when an entity,
 * field or table it names changes.
 */
public final class OrganizationMemberQueries {

    /**
     * Keycloak's membership is a row of the organization's internal group; its type says whether the organization
     * manages the user. Ordered by name, as Keycloak's database query orders them.
     */
    static final String MEMBERSHIPS_OF_USER = "select o.id, o.enabled, m.membershipType, o.realmId"
            + " from UserGroupMembershipEntity m, OrganizationEntity o"
            + " where m.user.id = :userId and m.groupId = o.groupId order by o.name";

    /**
     * How many organizations a user is in, in how many of another realm than {@code :realmId}, and how many manage the
     * user: one row, whatever the count (Keycloak asks whether a managing organization is disabled on every user
     * lookup).
     */
    static final String MEMBERSHIP_COUNT_OF_USER = "select count(m),"
            + " coalesce(sum(case when o.realmId = :realmId then 0 else 1 end), 0),"
            + " coalesce(sum(case when m.membershipType = :managed then 1 else 0 end), 0)"
            + " from UserGroupMembershipEntity m, OrganizationEntity o"
            + " where m.user.id = :userId and m.groupId = o.groupId";

    /**
     * A user's realm and the organizations that manage the user: one row per managing organization, or one row with no
     * organization. The database joins only the user's managed memberships (a user has few), where counting the
     * memberships joins every one of them.
     */
    static final String REALM_AND_MANAGING_ORGANIZATIONS_OF_USER = "select u.realmId, o.id from UserEntity u"
            + " left join UserGroupMembershipEntity m on m.user = u and m.membershipType = :managed"
            + " left join OrganizationEntity o on o.groupId = m.groupId"
            + " where u.id = :userId";

    /** The ids of a user's memberships in groups of {@code :type} (Keycloak's {@code GroupModel.Type} as stored). */
    static final String GROUP_IDS_OF_USER = "select m.groupId from UserGroupMembershipEntity m, GroupEntity g"
            + " where m.user.id = :userId and g.id = m.groupId and g.type = :type";

    /** One organization of a user: its id and enabled flag, whether it manages the user, and its realm. */
    record Membership(String organizationId, boolean organizationEnabled, boolean managed, String realmId) {}

    /** A user's organization memberships, counted: all, those of other realms, those that manage the user. */
    record MembershipCount(long organizations, long ofOtherRealms, long managed) {}

    /** A user's realm (null for no such user) and the ids of the organizations that manage the user. */
    record RealmAndManaging(String realmId, Set<String> managingOrganizationIds) {}

    private final KeycloakSession session;

    public OrganizationMemberQueries(KeycloakSession session) {
        this.session = session;
    }

    /** Every organization membership of a local user (one query), in any realm. */
    List<Membership> membershipsOf(String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return em
                .createQuery(MEMBERSHIPS_OF_USER, Object[].class)
                .setParameter("userId", userId)
                .getResultList()
                .stream()
                .map(row -> new Membership(
                        (String) row[0],
                        (Boolean) row[1],
                        MembershipType.MANAGED.name().equals(row[2]),
                        (String) row[3]))
                .toList();
    }

    /**
     * Counts a local user's organization memberships (one query, one row); without a realm, all count as of another
     * realm.
     */
    MembershipCount countMembershipsOf(String userId, RealmModel realm) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Object[] row = em.createQuery(MEMBERSHIP_COUNT_OF_USER, Object[].class)
                .setParameter("userId", userId)
                .setParameter("realmId", realm == null ? "" : realm.getId())
                .setParameter("managed", MembershipType.MANAGED.name())
                .getSingleResult();
        return new MembershipCount(number(row[0]), number(row[1]), number(row[2]));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A local user's realm and the ids of the organizations that manage the user (one query). */
    RealmAndManaging realmAndManagingOrganizationsOf(String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<Object[]> rows = em.createQuery(REALM_AND_MANAGING_ORGANIZATIONS_OF_USER, Object[].class)
                .setParameter("userId", userId)
                .setParameter("managed", MembershipType.MANAGED.name())
                .getResultList();
        String realmId = rows.isEmpty() ? null : (String) rows.get(0)[0];
        Set<String> managing = new HashSet<>();
        for (Object[] row : rows) {
            if (row[1] != null) {
                managing.add((String) row[1]);
            }
        }
        return new RealmAndManaging(realmId, Set.copyOf(managing));
    }

    /** The ids of the realm groups (not organization groups) a local user is a direct member of (one query). */
    public List<String> realmGroupIdsOf(String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return em.createQuery(GROUP_IDS_OF_USER, String.class)
                .setParameter("userId", userId)
                .setParameter("type", GroupModel.Type.REALM.intValue())
                .getResultList();
    }
}

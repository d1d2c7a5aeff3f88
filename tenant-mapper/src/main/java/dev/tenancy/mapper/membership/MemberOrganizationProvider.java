package dev.tenancy.mapper.membership;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.google.auto.service.AutoService;
import jakarta.persistence.EntityManager;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.InvitationManager;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.OrganizationProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.idm.MembershipType;
import org.keycloak.storage.StorageId;

/**
 * The tenant-mapper module's ONE adapter to Keycloak's internal {@code organization} SPI: a decorator of Keycloak's own
 * organization provider ({@code infinispan}, which caches over {@code jpa}) that changes nothing but the cost of one
 * question.
 *
 * <p>Why it exists. On EVERY user lookup, even of a cached user, Keycloak 26.7.3 asks whether the user is a managed
 * member of a disabled organization ({@code UserCacheSession.validateCache} ->
 * {@code Organizations.isReadOnlyOrganizationMember}): it streams {@link #getByMember} and calls
 * {@link OrganizationModel#isManaged} on each organization, and each of those calls is an uncached database query. A
 * user in 1,000 tenants made a refresh cost 76 times the CPU of a user in one tenant, and a user in 5,000 tenants
 * could not log in within 30 s (see docs/ARCHITECTURE.md, "Internal Keycloak SPIs", and keycloak#46681 for the same
 * N+1 in the admin user list).
 *
 * <p>What it does. The organizations {@link #getByMember} returns are Keycloak's own, each wrapped in a
 * {@link MemberOrganization} that answers {@code isManaged(member)} for THAT member from one query of the member's
 * managed memberships (at most one per member per request, made only when asked). Every other call, and
 * {@code isManaged} of any other user, goes to Keycloak's model unchanged. Organizations passed back in are unwrapped,
 * so Keycloak's provider only ever sees its own models.
 *
 * <p>State. The managed memberships are memoised in this provider, whose lifetime is one {@link KeycloakSession} (one
 * request); every membership or organization write through this provider clears them. Nothing is kept across
 * requests or shared between nodes: the answers are as fresh as the stock provider's.
 *
 * <p>It becomes the realm's organization provider by {@link Factory#order()} (above Keycloak's {@code infinispan},
 * order 10). {@code --spi-organization--provider=infinispan} turns it off; {@code --spi-organization--tenancy--delegate}
 * names the provider it decorates. {@code BrokeredLoginIT} fails if an upgrade drops it or if an
 * answer differs from Keycloak's.
 */
public class MemberOrganizationProvider implements OrganizationProvider {

    private final KeycloakSession session;
    private final OrganizationProvider delegate;
    /** Per request: user id -> ids of the organizations that manage the user. */
    private final Map<String, Set<String>> managingOrganizationIds = new HashMap<>();

    MemberOrganizationProvider(KeycloakSession session, OrganizationProvider delegate) {
        this.session = session;
        this.delegate = delegate;
    }

    @Override
    public Stream<OrganizationModel> getByMember(UserModel member) {
        String memberId = member == null ? null : member.getId();
        return delegate.getByMember(member).map(organization -> organization == null ? null
                : new MemberOrganization(organization, memberId));
    }

    /**
     * Whether the organization manages the user: one query for all of a user's organizations, once per request.
     * Keycloak's answer is the membership's type, read by user and organization group; a user of another storage
     * (no local entity) is never managed.
     */
    boolean isManagedBy(String organizationId, String userId) {
        return managingOrganizationIds.computeIfAbsent(userId, this::loadManagingOrganizationIds)
                .contains(organizationId);
    }

    private Set<String> loadManagingOrganizationIds(String userId) {
        if (!StorageId.isLocalStorage(userId)) {
            return Set.of();
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> ids = em.createQuery("select o.id from UserGroupMembershipEntity m, OrganizationEntity o"
                        + " where m.user.id = :userId and m.groupId = o.groupId and m.membershipType = :managed",
                        String.class)
                .setParameter("userId", userId)
                .setParameter("managed", MembershipType.MANAGED.name())
                .getResultList();
        return new HashSet<>(ids);
    }

    /** A write may change who is managed by what: the next question reads the database again. */
    private <T> T written(T result) {
        managingOrganizationIds.clear();
        return result;
    }

    private static OrganizationModel unwrap(OrganizationModel organization) {
        return organization instanceof MemberOrganization wrapped ? wrapped.organization : organization;
    }

    // Everything below is Keycloak's provider, unchanged (default methods too, so that its overrides apply).

    @Override
    public OrganizationModel create(String name, String alias) {
        return written(delegate.create(name, alias));
    }

    @Override
    public OrganizationModel create(String id, String name, String alias) {
        return written(delegate.create(id, name, alias));
    }

    @Override
    public OrganizationModel getById(String id) {
        return delegate.getById(id);
    }

    @Override
    public OrganizationModel getByDomainName(String domainName) {
        return delegate.getByDomainName(domainName);
    }

    @Override
    public OrganizationModel getByAlias(String alias) {
        return delegate.getByAlias(alias);
    }

    @Override
    public Stream<OrganizationModel> getAllStream() {
        return delegate.getAllStream();
    }

    @Override
    public Stream<OrganizationModel> getAllStream(String search, Boolean exact, Integer first, Integer max) {
        return delegate.getAllStream(search, exact, first, max);
    }

    @Override
    public Stream<OrganizationModel> getAllStream(Map<String, String> attributes, Integer first, Integer max) {
        return delegate.getAllStream(attributes, first, max);
    }

    @Override
    public long count(String search, Boolean exact) {
        return delegate.count(search, exact);
    }

    @Override
    public long count(Map<String, String> attributes) {
        return delegate.count(attributes);
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public boolean hasOrganizations() {
        return delegate.hasOrganizations();
    }

    @Override
    public boolean remove(OrganizationModel organization) {
        return written(delegate.remove(unwrap(organization)));
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
        written(null);
    }

    @Override
    public boolean addManagedMember(OrganizationModel organization, UserModel user) {
        return written(delegate.addManagedMember(unwrap(organization), user));
    }

    @Override
    public boolean addMember(OrganizationModel organization, UserModel user) {
        return written(delegate.addMember(unwrap(organization), user));
    }

    @Override
    public boolean removeMember(OrganizationModel organization, UserModel member) {
        return written(delegate.removeMember(unwrap(organization), member));
    }

    @Override
    public Stream<UserModel> getMembersStream(OrganizationModel organization, String search, Boolean exact,
                                              Integer first, Integer max) {
        return delegate.getMembersStream(unwrap(organization), search, exact, first, max);
    }

    @Override
    public Stream<UserModel> getMembersStream(OrganizationModel organization, Map<String, String> filters,
                                              Boolean exact, Integer first, Integer max) {
        return delegate.getMembersStream(unwrap(organization), filters, exact, first, max);
    }

    @Override
    public long getMembersCount(OrganizationModel organization) {
        return delegate.getMembersCount(unwrap(organization));
    }

    @Override
    public UserModel getMemberById(OrganizationModel organization, String id) {
        return delegate.getMemberById(unwrap(organization), id);
    }

    @Override
    public boolean isMember(OrganizationModel organization, UserModel user) {
        return delegate.isMember(unwrap(organization), user);
    }

    @Override
    public boolean isManagedMember(OrganizationModel organization, UserModel member) {
        return delegate.isManagedMember(unwrap(organization), member);
    }

    @Override
    public GroupModel createGroup(OrganizationModel organization, String name, GroupModel toParent) {
        return delegate.createGroup(unwrap(organization), name, toParent);
    }

    @Override
    public GroupModel createGroup(OrganizationModel organization, String id, String name, GroupModel toParent) {
        return delegate.createGroup(unwrap(organization), id, name, toParent);
    }

    @Override
    public Stream<GroupModel> getTopLevelGroups(OrganizationModel organization, Integer firstResult,
                                                Integer maxResults) {
        return delegate.getTopLevelGroups(unwrap(organization), firstResult, maxResults);
    }

    @Override
    public Stream<GroupModel> searchGroupsByName(OrganizationModel organization, String search, Boolean exact,
                                                 Integer firstResult, Integer maxResults) {
        return delegate.searchGroupsByName(unwrap(organization), search, exact, firstResult, maxResults);
    }

    @Override
    public Stream<GroupModel> searchGroupsByAttributes(OrganizationModel organization, Map<String, String> attributes,
                                                       Integer firstResult, Integer maxResults) {
        return delegate.searchGroupsByAttributes(unwrap(organization), attributes, firstResult, maxResults);
    }

    @Override
    public Stream<GroupModel> getOrganizationGroupsByMember(OrganizationModel organization, UserModel member) {
        return delegate.getOrganizationGroupsByMember(unwrap(organization), member);
    }

    @Override
    public Stream<GroupModel> getOrganizationGroupsByMember(OrganizationModel organization, UserModel member,
                                                            String search, Integer first, Integer max) {
        return delegate.getOrganizationGroupsByMember(unwrap(organization), member, search, first, max);
    }

    @Override
    public GroupModel getOrganizationGroup(OrganizationModel organization) {
        return delegate.getOrganizationGroup(unwrap(organization));
    }

    @Override
    public boolean addIdentityProvider(OrganizationModel organization, IdentityProviderModel identityProvider) {
        return delegate.addIdentityProvider(unwrap(organization), identityProvider);
    }

    @Override
    public Stream<IdentityProviderModel> getIdentityProviders(OrganizationModel organization) {
        return delegate.getIdentityProviders(unwrap(organization));
    }

    @Override
    public boolean removeIdentityProvider(OrganizationModel organization, IdentityProviderModel identityProvider) {
        return delegate.removeIdentityProvider(unwrap(organization), identityProvider);
    }

    @Override
    public boolean isEnabled() {
        return delegate.isEnabled();
    }

    @Override
    public InvitationManager getInvitationManager() {
        return delegate.getInvitationManager();
    }

    @Override
    public void close() {
        // The delegate is a provider of the session, which closes it.
    }

    /**
     * One of {@code memberId}'s organizations, as {@link #getByMember} found it: Keycloak's model, except that
     * {@code isManaged(member)} comes from the member's managed memberships, read once per request.
     */
    final class MemberOrganization implements OrganizationModel {

        private final OrganizationModel organization;
        private final String memberId;

        MemberOrganization(OrganizationModel organization, String memberId) {
            this.organization = organization;
            this.memberId = memberId;
        }

        @Override
        public boolean isManaged(UserModel user) {
            if (user != null && memberId != null && memberId.equals(user.getId())) {
                return isManagedBy(organization.getId(), memberId);
            }
            return organization.isManaged(user);
        }

        @Override
        public String getId() {
            return organization.getId();
        }

        @Override
        public void setName(String name) {
            organization.setName(name);
        }

        @Override
        public String getName() {
            return organization.getName();
        }

        @Override
        public String getAlias() {
            return organization.getAlias();
        }

        @Override
        public void setAlias(String alias) {
            organization.setAlias(alias);
        }

        @Override
        public boolean isEnabled() {
            return organization.isEnabled();
        }

        @Override
        public void setEnabled(boolean enabled) {
            organization.setEnabled(enabled);
        }

        @Override
        public String getDescription() {
            return organization.getDescription();
        }

        @Override
        public void setDescription(String description) {
            organization.setDescription(description);
        }

        @Override
        public String getRedirectUrl() {
            return organization.getRedirectUrl();
        }

        @Override
        public void setRedirectUrl(String redirectUrl) {
            organization.setRedirectUrl(redirectUrl);
        }

        @Override
        public Map<String, List<String>> getAttributes() {
            return organization.getAttributes();
        }

        @Override
        public void setAttributes(Map<String, List<String>> attributes) {
            organization.setAttributes(attributes);
        }

        @Override
        public Stream<OrganizationDomainModel> getDomains() {
            return organization.getDomains();
        }

        @Override
        public void setDomains(Set<OrganizationDomainModel> domains) {
            organization.setDomains(domains);
        }

        @Override
        public Stream<IdentityProviderModel> getIdentityProviders() {
            return organization.getIdentityProviders();
        }

        @Override
        public boolean isMember(UserModel user) {
            return organization.isMember(user);
        }

        /** Keycloak's organization models are equal by id, whatever their class; so is this one. */
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof OrganizationModel that && getId().equals(that.getId());
        }

        @Override
        public int hashCode() {
            return getId().hashCode();
        }

        @Override
        public String toString() {
            return organization.toString();
        }
    }

    @AutoService(OrganizationProviderFactory.class)
    public static class Factory implements OrganizationProviderFactory {

        public static final String PROVIDER_ID = "tenancy";
        /** Keycloak's caching organization provider, which this one decorates by default. */
        static final String DEFAULT_DELEGATE = "infinispan";

        private String delegateId = DEFAULT_DELEGATE;

        @Override
        public OrganizationProvider create(KeycloakSession session) {
            OrganizationProvider delegate = session.getProvider(OrganizationProvider.class, delegateId);
            if (delegate == null) {
                throw new ModelException("organization provider '" + delegateId + "' to decorate is not available");
            }
            return new MemberOrganizationProvider(session, delegate);
        }

        @Override
        public void init(Config.Scope config) {
            delegateId = config.get("delegate", DEFAULT_DELEGATE);
            if (PROVIDER_ID.equals(delegateId)) {
                throw new IllegalArgumentException("spi-organization--tenancy--delegate cannot name itself");
            }
        }

        @Override
        public void postInit(KeycloakSessionFactory factory) {
        }

        @Override
        public void close() {
        }

        @Override
        public String getId() {
            return PROVIDER_ID;
        }

        /** Above Keycloak's {@code infinispan} provider (10), so that this one is the default. */
        @Override
        public int order() {
            return 20;
        }

        @Override
        public List<ProviderConfigProperty> getConfigMetadata() {
            return ProviderConfigurationBuilder.create()
                    .property().name("delegate").type(ProviderConfigProperty.STRING_TYPE)
                    .helpText("Id of the organization provider this one decorates.")
                    .defaultValue(DEFAULT_DELEGATE).add()
                    .build();
        }
    }
}

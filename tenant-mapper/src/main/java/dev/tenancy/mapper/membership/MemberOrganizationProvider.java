package dev.tenancy.mapper.membership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.google.auto.service.AutoService;
import dev.tenancy.context.TenantAttributeRules;
import dev.tenancy.context.policy.RealmBaseline;
import jakarta.persistence.EntityManager;
import org.keycloak.Config;
import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.InvitationManager;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.OrganizationProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.representations.idm.MembershipType;
import org.keycloak.storage.StorageId;

/**
 * The tenant-mapper module's ONE adapter to Keycloak's internal {@code organization} SPI: a decorator of Keycloak's own
 * organization provider ({@code infinispan}, which caches over {@code jpa}) that changes nothing but the cost of one
 * question, and refuses invalid {@code tenancy.*} organization attributes on every write path
 * ({@link MemberOrganization#setAttributes}, rules in {@link TenantAttributeRules}).
 *
 * <p>Why it exists. On EVERY user lookup, even of a cached user, Keycloak 26.7.3 asks whether the user is a managed
 * member of a disabled organization ({@code UserCacheSession.validateCache} ->
 * {@code Organizations.isReadOnlyOrganizationMember}): it streams {@link #getByMember} and calls
 * {@link OrganizationModel#isManaged} on each organization, and each of those calls is an uncached database query. A
 * user in 1,000 tenants made a refresh cost 76 times the CPU of a user in one tenant, and a user in 5,000 tenants
 * could not log in within 30 s (see docs/ARCHITECTURE.md, "Internal Keycloak SPIs", and keycloak#46681 for the same
 * N+1 in the admin user list).
 *
 * <p>What it does. {@link #getByMember} reads the member's organizations and membership types with ONE query per
 * request and returns {@link MemberOrganization}s: each answers {@code isManaged(member)} from that query and looks up
 * Keycloak's own model (cached by Keycloak) only when anything else is asked. Keycloak's question then costs one
 * query per request and touches only the organizations that manage the user, where the stock provider made one cache
 * lookup and one query per organization, per user lookup. Every other call, and {@code isManaged} of any other user,
 * goes to Keycloak's model unchanged; organizations passed back in are unwrapped, so Keycloak's provider only ever
 * sees its own models. Where Keycloak's list depends on more than the memberships (fine-grained admin permissions
 * filter it by the caller; a user of another storage keeps its memberships elsewhere) the list is Keycloak's.
 *
 * <p>State. The memberships are memoised in this provider, whose lifetime is one {@link KeycloakSession} (one
 * request); every membership or organization write through this provider clears them. Nothing is kept across
 * requests or shared between nodes, and the database is the source: the answers are at least as fresh as the stock
 * provider's cached ones.
 *
 * <p>It becomes the realm's organization provider by {@link Factory#order()} (above Keycloak's {@code infinispan},
 * order 10). {@code --spi-organization--provider=infinispan} turns it off; {@code --spi-organization--tenancy--delegate}
 * names the provider it decorates. {@code BrokeredLoginIT} fails if an upgrade drops it or if an
 * answer differs from Keycloak's; {@code MemberOrganizationProviderTest} if the interfaces gain a method.
 */
public class MemberOrganizationProvider implements OrganizationProvider {

    private final KeycloakSession session;
    private final OrganizationProvider delegate;
    /** Per request: user id -> the user's organizations, read once. */
    private final Map<String, Memberships> membershipsByUser = new HashMap<>();
    /**
     * Per request: realm id + alias -> organization id ({@link #NONE} if there is none); an alias never changes. The
     * realm is part of the key because a session may switch realms (an admin of master managing another realm).
     */
    private final Map<AliasInRealm, String> organizationIdsByAlias = new HashMap<>();
    /** Writes through this provider or its models so far; what was read before a write is not used after it. */
    private int writes;

    private static final String NONE = "";

    /** The session attribute under which a session's provider can be found by the model events. */
    static final String SESSION_ATTRIBUTE = MemberOrganizationProvider.class.getName();

    MemberOrganizationProvider(KeycloakSession session, OrganizationProvider delegate) {
        this.session = session;
        this.delegate = delegate;
        // so that Keycloak's model events in this session reach it (Factory#postInit), without creating one
        session.setAttribute(SESSION_ATTRIBUTE, this);
    }

    /**
     * The member's organizations, by name (Keycloak's database order; its cache keeps them in no particular order),
     * from one query per request. Where Keycloak's own answer depends on more than the memberships (fine-grained admin
     * permissions filter the list by the caller; a user of another storage has its memberships elsewhere; a user in
     * organizations of another realm than the request's makes Keycloak fail) it is Keycloak's list, wrapped.
     */
    @Override
    public Stream<OrganizationModel> getByMember(UserModel member) {
        String memberId = member == null ? null : member.getId();
        Memberships memberships = memberId == null || !StorageId.isLocalStorage(memberId) || answersDependOnTheCaller()
                ? null : memberships(memberId);
        if (memberships == null || memberships.ofAnotherRealm()) {
            return delegate.getByMember(member).map(organization -> wrap(organization, memberId));
        }
        return memberships.organizations().stream().map(OrganizationModel.class::cast);
    }

    /**
     * With fine-grained admin permissions Keycloak filters organization lookups by what the caller may see (except
     * where it deliberately runs without them), so an answer cannot be reused within the request. Without a realm,
     * Keycloak's provider says what is wrong.
     */
    private boolean answersDependOnTheCaller() {
        RealmModel realm = session.getContext().getRealm();
        return realm == null || AdminPermissionsSchema.SCHEMA.isAdminPermissionsEnabled(realm);
    }

    private Memberships memberships(String userId) {
        return membershipsByUser.computeIfAbsent(userId, this::loadMemberships);
    }

    /**
     * Keycloak's membership is a row of the organization's group; its type says whether the organization manages
     * the user. A user of another storage (no local entity) has no rows here and is never managed, as in Keycloak.
     */
    private Memberships loadMemberships(String userId) {
        List<MemberOrganization> organizations = new ArrayList<>();
        Set<String> managing = new HashSet<>();
        boolean ofAnotherRealm = false;
        if (StorageId.isLocalStorage(userId)) {
            RealmModel realm = session.getContext().getRealm();
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<Object[]> rows = em.createQuery("select o.id, o.enabled, m.membershipType, o.realmId"
                            + " from UserGroupMembershipEntity m, OrganizationEntity o"
                            + " where m.user.id = :userId and m.groupId = o.groupId order by o.name", Object[].class)
                    .setParameter("userId", userId)
                    .getResultList();
            for (Object[] row : rows) {
                String organizationId = (String) row[0];
                organizations.add(new MemberOrganization(organizationId, null, userId, (Boolean) row[1]));
                if (MembershipType.MANAGED.name().equals(row[2])) {
                    managing.add(organizationId);
                }
                ofAnotherRealm |= realm == null || !realm.getId().equals(row[3]);
            }
        }
        return new Memberships(List.copyOf(organizations), Set.copyOf(managing), ofAnotherRealm);
    }

    private record AliasInRealm(String realmId, String alias) {
    }

    /**
     * A user's organizations (lazily resolved models), the ids of those that manage the user, and whether any of them
     * is of another realm than the request's.
     */
    private record Memberships(List<MemberOrganization> organizations, Set<String> managingOrganizationIds,
                               boolean ofAnotherRealm) {
    }

    /**
     * A write may change who is a member of what, or an organization's state: later questions read again, also when
     * the write failed half-way.
     */
    private <T> T written(Supplier<T> write) {
        forget();
        try {
            return write.get();
        } finally {
            forget();
        }
    }

    private void written(Runnable write) {
        written(() -> {
            write.run();
            return null;
        });
    }

    /** Drops what this request read; called on every write here, and on Keycloak's model events (Factory). */
    void forget() {
        writes++;
        membershipsByUser.clear();
        organizationIdsByAlias.clear();
    }

    private OrganizationModel wrap(OrganizationModel organization, String memberId) {
        return organization == null ? null : new MemberOrganization(organization.getId(), organization, memberId, null);
    }

    private OrganizationModel wrap(OrganizationModel organization) {
        return wrap(organization, null);
    }

    /**
     * Keycloak's model behind ours. An organization removed earlier in the request has none; Keycloak's provider then
     * gets our model, of which it uses only the id (and answers as for any removed organization).
     */
    private static OrganizationModel unwrap(OrganizationModel organization) {
        if (organization instanceof MemberOrganization wrapped) {
            OrganizationModel keycloaks = wrapped.lookUp();
            return keycloaks == null ? wrapped : keycloaks;
        }
        return organization;
    }

    /**
     * Keycloak looks an alias up with an uncached query, and a token request asks several times (the scope, the
     * selected organization, the refresh token's claim): once per request is enough.
     */
    @Override
    public OrganizationModel getByAlias(String alias) {
        if (alias == null || answersDependOnTheCaller()) {
            return wrap(delegate.getByAlias(alias));
        }
        AliasInRealm key = new AliasInRealm(session.getContext().getRealm().getId(), alias);
        String id = organizationIdsByAlias.get(key);
        if (id == null) {
            OrganizationModel organization = delegate.getByAlias(alias);
            organizationIdsByAlias.put(key, organization == null ? NONE : organization.getId());
            return wrap(organization);
        }
        return id.equals(NONE) ? null : wrap(delegate.getById(id));
    }

    // Everything below is Keycloak's provider, its models wrapped (so that writes through them are seen), and default
    // methods delegated too, so that Keycloak's overrides apply.

    @Override
    public OrganizationModel create(String name, String alias) {
        return written(() -> wrap(delegate.create(name, alias)));
    }

    @Override
    public OrganizationModel create(String id, String name, String alias) {
        return written(() -> wrap(delegate.create(id, name, alias)));
    }

    @Override
    public OrganizationModel getById(String id) {
        return wrap(delegate.getById(id));
    }

    @Override
    public OrganizationModel getByDomainName(String domainName) {
        return wrap(delegate.getByDomainName(domainName));
    }

    @Override
    public Stream<OrganizationModel> getAllStream() {
        return delegate.getAllStream().map(this::wrap);
    }

    @Override
    public Stream<OrganizationModel> getAllStream(String search, Boolean exact, Integer first, Integer max) {
        return delegate.getAllStream(search, exact, first, max).map(this::wrap);
    }

    @Override
    public Stream<OrganizationModel> getAllStream(Map<String, String> attributes, Integer first, Integer max) {
        return delegate.getAllStream(attributes, first, max).map(this::wrap);
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
        return written(() -> delegate.remove(unwrap(organization)));
    }

    @Override
    public void removeAll() {
        written(delegate::removeAll);
    }

    @Override
    public boolean addManagedMember(OrganizationModel organization, UserModel user) {
        return written(() -> delegate.addManagedMember(unwrap(organization), user));
    }

    @Override
    public boolean addMember(OrganizationModel organization, UserModel user) {
        return written(() -> delegate.addMember(unwrap(organization), user));
    }

    @Override
    public boolean removeMember(OrganizationModel organization, UserModel member) {
        return written(() -> delegate.removeMember(unwrap(organization), member));
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
     * Keycloak's organization model, looked up on first use. From {@link #getByMember}, {@code isManaged(member)}
     * and {@code isEnabled()} come from the member's memberships, read once per request (Keycloak's check of a member
     * asks only these; the tenant picker and the {@code organization} scope filter by {@code isEnabled}). Every write
     * through it counts as a write of the provider.
     */
    final class MemberOrganization implements OrganizationModel {

        private final String id;
        private final String memberId;
        private final Boolean enabledWhenRead;
        private final int readAfterWrites;
        private OrganizationModel organization;

        MemberOrganization(String id, OrganizationModel organization, String memberId, Boolean enabledWhenRead) {
            this.id = id;
            this.organization = organization;
            this.memberId = memberId;
            this.enabledWhenRead = enabledWhenRead;
            this.readAfterWrites = writes;
        }

        /** Keycloak's model, or null if the organization was removed during this request. */
        OrganizationModel lookUp() {
            if (organization == null) {
                organization = delegate.getById(id);
            }
            return organization;
        }

        OrganizationModel organization() {
            OrganizationModel keycloaks = lookUp();
            if (keycloaks == null) {
                throw new ModelException("organization " + id + " was removed during this request");
            }
            return keycloaks;
        }

        /** Whether what was read with this model still holds: nothing was written through the provider since. */
        private boolean readStillHolds() {
            return organization == null && writes == readAfterWrites;
        }

        @Override
        public boolean isManaged(UserModel user) {
            if (user != null && memberId != null && memberId.equals(user.getId())) {
                return memberships(memberId).managingOrganizationIds().contains(id);
            }
            return organization().isManaged(user);
        }

        @Override
        public boolean isEnabled() {
            return enabledWhenRead != null && readStillHolds() ? enabledWhenRead : organization().isEnabled();
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void setName(String name) {
            written(() -> organization().setName(name));
        }

        @Override
        public String getName() {
            return organization().getName();
        }

        @Override
        public String getAlias() {
            return organization().getAlias();
        }

        @Override
        public void setAlias(String alias) {
            written(() -> organization().setAlias(alias));
        }

        @Override
        public void setEnabled(boolean enabled) {
            written(() -> organization().setEnabled(enabled));
        }

        @Override
        public String getDescription() {
            return organization().getDescription();
        }

        @Override
        public void setDescription(String description) {
            written(() -> organization().setDescription(description));
        }

        @Override
        public String getRedirectUrl() {
            return organization().getRedirectUrl();
        }

        @Override
        public void setRedirectUrl(String redirectUrl) {
            written(() -> organization().setRedirectUrl(redirectUrl));
        }

        @Override
        public Map<String, List<String>> getAttributes() {
            return organization().getAttributes();
        }

        /**
         * Every write of an organization's attributes passes here (admin console and REST, realm import, tenant API):
         * {@code tenancy.*} values are checked before anything is written. A refusal is Keycloak's
         * {@link ModelValidationException}, which its organization and realm endpoints answer with a 400 naming the
         * keys (shown by the console) and a rolled-back transaction.
         */
        @Override
        public void setAttributes(Map<String, List<String>> attributes) {
            OrganizationModel keycloaks = organization();
            RealmModel realm = session.getContext().getRealm();
            List<TenantAttributeRules.Problem> problems = TenantAttributeRules.introducedBy(keycloaks.getAttributes(),
                    attributes, realm == null ? RealmBaseline.NONE : RealmBaseline.of(realm));
            if (!problems.isEmpty()) {
                throw new ModelValidationException(TenantAttributeRules.message(problems));
            }
            written(() -> keycloaks.setAttributes(attributes));
        }

        @Override
        public Stream<OrganizationDomainModel> getDomains() {
            return organization().getDomains();
        }

        @Override
        public void setDomains(Set<OrganizationDomainModel> domains) {
            written(() -> organization().setDomains(domains));
        }

        @Override
        public Stream<IdentityProviderModel> getIdentityProviders() {
            return organization().getIdentityProviders();
        }

        @Override
        public boolean isMember(UserModel user) {
            return organization().isMember(user);
        }

        /** Keycloak's organization models are equal by id, whatever their class; so is this one. */
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof OrganizationModel that && id.equals(that.getId());
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public String toString() {
            return "organization " + id;
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

        /**
         * Writes that do not pass through the provider (a user or realm removed, a group changed, Keycloak's own
         * organization events) drop what the session's provider read, as Keycloak's provider invalidates its caches
         * on the same events.
         */
        @Override
        public void postInit(KeycloakSessionFactory factory) {
            factory.register(event -> {
                KeycloakSession eventSession = sessionOf(event);
                if (eventSession != null
                        && eventSession.getAttribute(SESSION_ATTRIBUTE) instanceof MemberOrganizationProvider provider) {
                    provider.forget();
                }
            });
        }

        private static KeycloakSession sessionOf(ProviderEvent event) {
            if (event instanceof UserModel.UserPreRemovedEvent removed) {
                return removed.getKeycloakSession();
            }
            if (event instanceof GroupModel.GroupEvent group) {
                return group.getKeycloakSession();
            }
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                return removed.getKeycloakSession();
            }
            if (event instanceof OrganizationModel.OrganizationMembershipEvent membership) {
                return membership.getSession();
            }
            if (event instanceof OrganizationModel.OrganizationRemovedEvent removed) {
                return removed.getKeycloakSession();
            }
            return null;
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

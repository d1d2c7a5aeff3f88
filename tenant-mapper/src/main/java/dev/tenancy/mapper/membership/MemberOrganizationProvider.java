package dev.tenancy.mapper.membership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.InvitationManager;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.storage.StorageId;

/**
 * The tenant-mapper module's ONE adapter to Keycloak's internal {@code organization} SPI: a decorator of Keycloak's own
 * organization provider ({@code infinispan}, which caches over {@code jpa}) that changes nothing but the cost of one
 * question, and refuses invalid {@code tenancy.*} organization attributes on every write path
 * ({@link MemberOrganization#setAttributes}, rules in {@code TenantAttributeRules}). Its one query of Keycloak's JPA
 * entities is in {@link OrganizationMemberQueries}.
 *
 * <p>Why it exists. On EVERY user lookup, even of a cached user, Keycloak 26.7.3 asks whether the user is a managed
 * member of a disabled organization ({@code UserCacheSession.validateCache} ->
 * {@code Organizations.isReadOnlyOrganizationMember}): it streams {@link #getByMember} and calls
 * {@link OrganizationModel#isManaged} on each organization, and each of those calls is an uncached database query. A
 * user in 1,000 tenants made a refresh cost 76 times the CPU of a user in one tenant, and a user in 5,000 tenants
 * could not log in within 30 s (see docs/ARCHITECTURE.md, "Internal Keycloak SPIs", and keycloak#46681 for the same
 * N+1 in the admin user list).
 *
 * <p>What it does. {@link #getByMember} takes how many organizations the member is in from Keycloak's own cached list
 * of the member's organization ids, without looking any of them up ({@link KeycloakMemberList}; Keycloak invalidates
 * that list on every node with each membership write), reads the member's realm and the organizations that manage the
 * member with ONE query per request that joins only the managed memberships (a user has few), and returns an
 * {@link OrganizationPlaceholder} per organization: each answers {@code isManaged(member)} without more when no
 * organization manages the member, which is all Keycloak's check asks. Where Keycloak's list cannot say its size
 * unread (no user cache, or a membership written in this transaction), one query counts the memberships instead.
 * Anything else reads the member's organizations by name (one query per request, only then; Keycloak's own list if
 * the database no longer has as many) and looks up Keycloak's model (cached by Keycloak) only when more than the
 * enabled flag is asked. Keycloak's question then costs one small query per request, where the stock provider made
 * one cache lookup and one query per organization per user lookup. Every
 * other call, and {@code isManaged} of any other user, goes to Keycloak's model unchanged; organizations passed back
 * in are unwrapped, so Keycloak's provider only ever sees its own models. Where Keycloak's list depends on more than
 * the memberships (fine-grained admin permissions filter it by the caller; a user of another storage keeps its
 * memberships elsewhere; a user of another realm than the request's) the list is Keycloak's.
 *
 * <p>State. The memberships are memoised in this provider, whose lifetime is one {@link KeycloakSession} (one
 * request); every membership or organization write through this provider clears them, after reading the
 * organizations of placeholders handed out and not yet read (so that those stay what they were when handed out, as
 * the ids of Keycloak's cached list do). Nothing is kept across
 * requests or shared between nodes, and the database is the source: the answers are at least as fresh as the stock
 * provider's cached ones.
 *
 * <p>It becomes the realm's organization provider by its factory's order (above Keycloak's {@code infinispan},
 * order 10). {@code --spi-organization--provider=infinispan} turns it off; {@code --spi-organization--tenancy--delegate}
 * names the provider it decorates. {@code BrokeredLoginIT} fails if an upgrade drops it or if an
 * answer differs from Keycloak's; {@code MemberOrganizationProviderTest} if the interfaces gain a method.
 */
public class MemberOrganizationProvider implements OrganizationProvider {

    private final KeycloakSession session;
    private final OrganizationProvider delegate;
    private final OrganizationMemberQueries queries;
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
        this.queries = new OrganizationMemberQueries(session);
        // so that Keycloak's model events in this session reach it (the factory's postInit), without creating one
        session.setAttribute(SESSION_ATTRIBUTE, this);
    }

    /**
     * The member's organizations, by name (Keycloak's database order; its cache keeps them in no particular order),
     * counted as {@link #loadMemberships} says. Where Keycloak's own answer depends on more than the memberships
     * (fine-grained admin permissions filter the list by the caller; a user of another storage has its memberships
     * elsewhere; a user of another realm than the request's, whose organizations Keycloak fails to look up) it is
     * Keycloak's list, wrapped.
     */
    @Override
    public Stream<OrganizationModel> getByMember(UserModel member) {
        String memberId = member == null ? null : member.getId();
        Memberships memberships = memberId == null || !StorageId.isLocalStorage(memberId) || answersDependOnTheCaller()
                ? null
                : memberships(memberId, member);
        if (memberships == null || memberships.ofAnotherRealm()) {
            return delegate.getByMember(member).map(organization -> wrap(organization, memberId));
        }
        return memberships.stream();
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

    Memberships memberships(String userId) {
        return memberships(userId, null);
    }

    /** Loaded outside the map's own compute: Keycloak's lookups may come back here. */
    private Memberships memberships(String userId, UserModel member) {
        Memberships memberships = membershipsByUser.get(userId);
        if (memberships == null) {
            memberships = loadMemberships(userId, member);
            membershipsByUser.put(userId, memberships);
        }
        return memberships;
    }

    /**
     * How many organizations the user is in comes from Keycloak's own list when Keycloak's cache knows it without
     * reading it ({@link KeycloakMemberList}): then one query reads the user's realm and the organizations that manage
     * the user, joining only the managed memberships (a user in 5,000 tenants: 0.35 ms on PostgreSQL). Otherwise one
     * query counts them (it joins all 5,000 membership rows: 2.8 to 11 ms, which is why the cache is asked first).
     * The organizations themselves are read when something asks for one of them. A user of another storage (no local
     * entity) has no rows here and is never managed, as in Keycloak.
     */
    private Memberships loadMemberships(String userId, UserModel member) {
        if (!StorageId.isLocalStorage(userId)) {
            return Memberships.none(this, userId);
        }
        RealmModel realm = session.getContext().getRealm();
        KeycloakMemberList keycloaks = member == null ? null : KeycloakMemberList.of(delegate.getByMember(member));
        if (keycloaks == null || keycloaks.size() < 0) {
            return countMemberships(userId, realm);
        }
        int count = (int) keycloaks.size();
        if (count == 0) {
            return Memberships.none(this, userId);
        }
        OrganizationMemberQueries.RealmAndManaging user = queries.realmAndManagingOrganizationsOf(userId);
        // Keycloak adds a member only to organizations of the user's own realm
        boolean ofAnotherRealm = realm == null || !realm.getId().equals(user.realmId());
        return new Memberships(
                this,
                userId,
                count,
                user.managingOrganizationIds(),
                ofAnotherRealm,
                () -> readMemberships(userId, keycloaks));
    }

    /** Counted with one query that returns one row, however many organizations. */
    private Memberships countMemberships(String userId, RealmModel realm) {
        OrganizationMemberQueries.MembershipCount count = queries.countMembershipsOf(userId, realm);
        Set<String> managing = count.managed() == 0
                ? Set.of()
                : queries.realmAndManagingOrganizationsOf(userId).managingOrganizationIds();
        return new Memberships(
                this,
                userId,
                (int) count.organizations(),
                managing,
                count.ofOtherRealms() > 0,
                () -> readMemberships(userId));
    }

    /** The user's organizations by name, or Keycloak's list if the database no longer has as many. */
    private List<MemberOrganization> readMemberships(String userId, KeycloakMemberList keycloaks) {
        return keycloaks.ifCountedElseKeycloaks(
                readMemberships(userId),
                organization -> new MemberOrganization(this, organization.getId(), organization, userId, null));
    }

    /** The user's organizations by name, with their enabled flags (one query). */
    private List<MemberOrganization> readMemberships(String userId) {
        List<MemberOrganization> organizations = new ArrayList<>();
        for (OrganizationMemberQueries.Membership membership : queries.membershipsOf(userId)) {
            organizations.add(new MemberOrganization(
                    this, membership.organizationId(), null, userId, membership.organizationEnabled()));
        }
        return organizations;
    }

    private record AliasInRealm(String realmId, String alias) {}

    /**
     * A write may change who is a member of what, or an organization's state: later questions read again, also when
     * the write failed half-way.
     */
    <T> T written(Supplier<T> write) {
        forget();
        try {
            return write.get();
        } finally {
            forget();
        }
    }

    void written(Runnable write) {
        written(() -> {
            write.run();
            return null;
        });
    }

    /** Drops what this request read; called on every write here, and on Keycloak's model events (the factory). */
    void forget() {
        // Organizations handed out as placeholders stay those that were there before the write, as the ids of
        // Keycloak's cached list do: read them now (only if something took placeholders and asked nothing else).
        for (Memberships memberships : membershipsByUser.values()) {
            if (memberships.handedOut() && !memberships.read()) {
                memberships.organizations();
            }
        }
        writes++;
        membershipsByUser.clear();
        organizationIdsByAlias.clear();
    }

    /** How many writes went through this provider and its models so far (a model read before one is stale). */
    int writes() {
        return writes;
    }

    KeycloakSession session() {
        return session;
    }

    /** Keycloak's provider, which this one decorates. */
    OrganizationProvider delegate() {
        return delegate;
    }

    private OrganizationModel wrap(OrganizationModel organization, String memberId) {
        return organization == null
                ? null
                : new MemberOrganization(this, organization.getId(), organization, memberId, null);
    }

    private OrganizationModel wrap(OrganizationModel organization) {
        return wrap(organization, null);
    }

    /**
     * Keycloak's model behind ours. An organization removed earlier in the request has none; Keycloak's provider then
     * gets our model, of which it uses only the id (and answers as for any removed organization).
     */
    private static OrganizationModel unwrap(OrganizationModel organization) {
        if (organization instanceof OrganizationPlaceholder placeholder) {
            organization = placeholder.placed();
        }
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
    public Stream<UserModel> getMembersStream(
            OrganizationModel organization, String search, Boolean exact, Integer first, Integer max) {
        return delegate.getMembersStream(unwrap(organization), search, exact, first, max);
    }

    @Override
    public Stream<UserModel> getMembersStream(
            OrganizationModel organization, Map<String, String> filters, Boolean exact, Integer first, Integer max) {
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
    public Stream<GroupModel> getTopLevelGroups(
            OrganizationModel organization, Integer firstResult, Integer maxResults) {
        return delegate.getTopLevelGroups(unwrap(organization), firstResult, maxResults);
    }

    @Override
    public Stream<GroupModel> searchGroupsByName(
            OrganizationModel organization, String search, Boolean exact, Integer firstResult, Integer maxResults) {
        return delegate.searchGroupsByName(unwrap(organization), search, exact, firstResult, maxResults);
    }

    @Override
    public Stream<GroupModel> searchGroupsByAttributes(
            OrganizationModel organization, Map<String, String> attributes, Integer firstResult, Integer maxResults) {
        return delegate.searchGroupsByAttributes(unwrap(organization), attributes, firstResult, maxResults);
    }

    @Override
    public Stream<GroupModel> getOrganizationGroupsByMember(OrganizationModel organization, UserModel member) {
        return delegate.getOrganizationGroupsByMember(unwrap(organization), member);
    }

    @Override
    public Stream<GroupModel> getOrganizationGroupsByMember(
            OrganizationModel organization, UserModel member, String search, Integer first, Integer max) {
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
}

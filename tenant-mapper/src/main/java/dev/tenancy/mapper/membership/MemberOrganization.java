package dev.tenancy.mapper.membership;

import dev.tenancy.context.TenantAttributeRules;
import dev.tenancy.context.policy.RealmBaseline;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.ModelException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The organization model {@link MemberOrganizationProvider} hands out: Keycloak's model, looked up on first use.
 * From {@link MemberOrganizationProvider#getByMember}, {@code isManaged(member)}
 * and {@code isEnabled()} come from the member's memberships, read once per request (Keycloak's check of a member
 * asks only these; the tenant picker and the {@code organization} scope filter by {@code isEnabled}). Every write
 * through it counts as a write of the provider. Created only by {@link MemberOrganizationProvider}.
 *
 * <p>A placeholder ({@link #placeholder}) stands for the organization at a position of a member's organizations by
 * name before they were read: whether it manages the member is answered without them when none does (Keycloak's
 * question on every user lookup); anything else reads them (once per request) and places it.
 */
final class MemberOrganization implements OrganizationModel {

    private final MemberOrganizationProvider provider;
    private final String memberId;
    /** For a placeholder: the memberships and position it stands for; null otherwise. */
    private final Memberships listedIn;

    private final int position;
    /** Null until a placeholder is placed. */
    private String id;

    private Boolean enabledWhenRead;
    private int readAfterWrites;
    private OrganizationModel organization;

    MemberOrganization(
            MemberOrganizationProvider provider,
            String id,
            OrganizationModel organization,
            String memberId,
            Boolean enabledWhenRead) {
        this.provider = provider;
        this.id = id;
        this.organization = organization;
        this.memberId = memberId;
        this.enabledWhenRead = enabledWhenRead;
        this.readAfterWrites = provider.writes();
        this.listedIn = null;
        this.position = -1;
    }

    private MemberOrganization(
            MemberOrganizationProvider provider, Memberships listedIn, int position, String memberId) {
        this.provider = provider;
        this.listedIn = listedIn;
        this.position = position;
        this.memberId = memberId;
        this.readAfterWrites = provider.writes();
    }

    /** The organization at {@code position} of the member's organizations by name, read when first asked. */
    static MemberOrganization placeholder(
            MemberOrganizationProvider provider, Memberships memberships, int position, String memberId) {
        return new MemberOrganization(provider, memberships, position, memberId);
    }

    /**
     * The id; a placeholder reads its memberships (once per request) and takes the id, enabled flag and read time of
     * the organization at its position. Its memberships are read before any write of the request (the provider reads
     * them when it forgets), so a placeholder is the organization that was at its position when it was handed out.
     */
    private String id() {
        if (id == null) {
            List<MemberOrganization> organizations = listedIn.organizations();
            if (position >= organizations.size()) {
                // a membership was removed between the count and the read, and the organization since Keycloak listed
                // it
                throw new ModelException("the organizations of user " + memberId + " changed during this request");
            }
            MemberOrganization listed = organizations.get(position);
            enabledWhenRead = listed.enabledWhenRead;
            readAfterWrites = listed.readAfterWrites;
            id = listed.id;
        }
        return id;
    }

    /** Keycloak's model, or null if the organization was removed during this request. */
    OrganizationModel lookUp() {
        if (organization == null) {
            organization = provider.delegate().getById(id());
        }
        return organization;
    }

    OrganizationModel organization() {
        OrganizationModel keycloaks = lookUp();
        if (keycloaks == null) {
            throw new ModelException("organization " + id() + " was removed during this request");
        }
        return keycloaks;
    }

    /** Whether what was read with this model still holds: nothing was written through the provider since. */
    private boolean readStillHolds() {
        return organization == null && provider.writes() == readAfterWrites;
    }

    /**
     * Of the member: from its memberships, without placing a placeholder when no organization manages the member.
     * Of anyone else: Keycloak's answer.
     */
    @Override
    public boolean isManaged(UserModel user) {
        if (user != null && memberId != null && memberId.equals(user.getId())) {
            Set<String> managing = provider.memberships(memberId).managingOrganizationIds();
            return !managing.isEmpty() && managing.contains(id());
        }
        return organization().isManaged(user);
    }

    @Override
    public boolean isEnabled() {
        id(); // a placeholder takes the flag read with its organization
        return enabledWhenRead != null && readStillHolds()
                ? enabledWhenRead
                : organization().isEnabled();
    }

    @Override
    public String getId() {
        return id();
    }

    @Override
    public void setName(String name) {
        provider.written(() -> organization().setName(name));
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
        provider.written(() -> organization().setAlias(alias));
    }

    @Override
    public void setEnabled(boolean enabled) {
        provider.written(() -> organization().setEnabled(enabled));
    }

    @Override
    public String getDescription() {
        return organization().getDescription();
    }

    @Override
    public void setDescription(String description) {
        provider.written(() -> organization().setDescription(description));
    }

    @Override
    public String getRedirectUrl() {
        return organization().getRedirectUrl();
    }

    @Override
    public void setRedirectUrl(String redirectUrl) {
        provider.written(() -> organization().setRedirectUrl(redirectUrl));
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
        RealmModel realm = provider.session().getContext().getRealm();
        List<TenantAttributeRules.Problem> problems = TenantAttributeRules.introducedBy(
                keycloaks.getAttributes(), attributes, realm == null ? RealmBaseline.NONE : RealmBaseline.of(realm));
        if (!problems.isEmpty()) {
            throw new ModelValidationException(TenantAttributeRules.message(problems));
        }
        provider.written(() -> keycloaks.setAttributes(attributes));
    }

    @Override
    public Stream<OrganizationDomainModel> getDomains() {
        return organization().getDomains();
    }

    @Override
    public void setDomains(Set<OrganizationDomainModel> domains) {
        provider.written(() -> organization().setDomains(domains));
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
        return this == o || o instanceof OrganizationModel that && id().equals(that.getId());
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return id == null ? "organization at " + position + " of user " + memberId : "organization " + id;
    }
}

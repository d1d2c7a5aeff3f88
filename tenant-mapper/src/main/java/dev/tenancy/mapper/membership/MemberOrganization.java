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
 * through it counts as a write of the provider. Created only by {@link MemberOrganizationProvider}; before a member's
 * organizations are read, {@link OrganizationPlaceholder}s stand for them.
 */
final class MemberOrganization implements OrganizationModel {

    private final MemberOrganizationProvider provider;
    private final String memberId;
    private final String id;

    private final Boolean enabledWhenRead;
    private final int readAfterWrites;
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
    }

    /** Keycloak's model, or null if the organization was removed during this request. */
    OrganizationModel lookUp() {
        if (organization == null) {
            organization = provider.delegate().getById(id);
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
            return !managing.isEmpty() && managing.contains(id);
        }
        return organization().isManaged(user);
    }

    @Override
    public boolean isEnabled() {
        return enabledWhenRead != null && readStillHolds()
                ? enabledWhenRead
                : organization().isEnabled();
    }

    @Override
    public String getId() {
        return id;
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

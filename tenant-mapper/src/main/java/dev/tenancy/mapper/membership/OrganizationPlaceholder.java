package dev.tenancy.mapper.membership;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

/**
 * The organization at a position of a member's organizations, handed out by
 * {@link MemberOrganizationProvider#getByMember} before they were read. Keycloak's check on every user lookup streams
 * all of a user's organizations and asks each only whether it manages the user: a placeholder answers that from the
 * memberships when none does, and holds no more than its position, so a user in 5,000 tenants costs 5,000 small
 * objects per lookup. Asked anything else, it reads the memberships (once per request) and is the
 * {@link MemberOrganization} at its position. The memberships are read before any write of the request (the provider
 * reads them when it forgets), so a placeholder is the organization that was at its position when it was handed out.
 */
final class OrganizationPlaceholder implements OrganizationModel {

    private final Memberships listedIn;
    private final int position;

    OrganizationPlaceholder(Memberships listedIn, int position) {
        this.listedIn = listedIn;
        this.position = position;
    }

    /** The organization at this position, read with the memberships. */
    MemberOrganization placed() {
        List<MemberOrganization> organizations = listedIn.organizations();
        if (position >= organizations.size()) {
            // an organization was removed between the count and the read
            throw new ModelException(
                    "the organizations of user " + listedIn.memberId() + " changed during this request");
        }
        return organizations.get(position);
    }

    /**
     * Of the member: from the member's memberships as they are now, without reading the organizations when none
     * manages the member. Of anyone else: Keycloak's answer.
     */
    @Override
    public boolean isManaged(UserModel user) {
        if (user != null && listedIn.memberId().equals(user.getId())) {
            Set<String> managing =
                    listedIn.provider().memberships(listedIn.memberId()).managingOrganizationIds();
            return !managing.isEmpty() && managing.contains(getId());
        }
        return placed().isManaged(user);
    }

    @Override
    public String getId() {
        return placed().getId();
    }

    @Override
    public boolean isEnabled() {
        return placed().isEnabled();
    }

    @Override
    public void setName(String name) {
        placed().setName(name);
    }

    @Override
    public String getName() {
        return placed().getName();
    }

    @Override
    public String getAlias() {
        return placed().getAlias();
    }

    @Override
    public void setAlias(String alias) {
        placed().setAlias(alias);
    }

    @Override
    public void setEnabled(boolean enabled) {
        placed().setEnabled(enabled);
    }

    @Override
    public String getDescription() {
        return placed().getDescription();
    }

    @Override
    public void setDescription(String description) {
        placed().setDescription(description);
    }

    @Override
    public String getRedirectUrl() {
        return placed().getRedirectUrl();
    }

    @Override
    public void setRedirectUrl(String redirectUrl) {
        placed().setRedirectUrl(redirectUrl);
    }

    @Override
    public Map<String, List<String>> getAttributes() {
        return placed().getAttributes();
    }

    @Override
    public void setAttributes(Map<String, List<String>> attributes) {
        placed().setAttributes(attributes);
    }

    @Override
    public Stream<OrganizationDomainModel> getDomains() {
        return placed().getDomains();
    }

    @Override
    public void setDomains(Set<OrganizationDomainModel> domains) {
        placed().setDomains(domains);
    }

    @Override
    public Stream<IdentityProviderModel> getIdentityProviders() {
        return placed().getIdentityProviders();
    }

    @Override
    public boolean isMember(UserModel user) {
        return placed().isMember(user);
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
        return "organization at " + position + " of user " + listedIn.memberId();
    }
}

package dev.tenancy.admin.invitation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One tenant invitation (table {@code TENANCY_INVITATION}, Liquibase {@code META-INF/tenancy-admin-changelog.xml}).
 *
 * <p>Keycloak's own {@code ORG_INVITATION} is not used: it has no roles, no status history (an accepted invitation is
 * deleted), a realm-wide lifetime, and is written only together with an e-mail. Here the status is a column:
 * {@code PENDING} until it is {@code ACCEPTED}, {@code DECLINED} (by the invitee, on the invitation page) or
 * {@code REVOKED}; {@code EXPIRED} is computed from
 * {@code EXPIRES_AT} when read. The link secret is stored only as its SHA-256 hash.</p>
 */
@Entity
@Table(name = "TENANCY_INVITATION")
public class InvitationEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 255, nullable = false)
    private String organizationId;

    @Column(name = "EMAIL", length = 320, nullable = false)
    private String email;

    /** Organization group ids, comma-separated (at most {@link Invitations#MAX_ROLES}). */
    @Column(name = "GROUP_IDS", length = 1000)
    private String groupIds;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "SECRET_HASH", length = 64, nullable = false)
    private String secretHash;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "SENT_COUNT", nullable = false)
    private int sentCount;

    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

    @Column(name = "ACCEPTED_AT")
    private Long acceptedAt;

    @Column(name = "ACCEPTED_BY", length = 36)
    private String acceptedBy;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "DECLINED_AT")
    private Long declinedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public void setOrganizationId(String organizationId) {
        this.organizationId = organizationId;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getGroupIds() {
        return groupIds;
    }

    public void setGroupIds(String groupIds) {
        this.groupIds = groupIds;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getSecretHash() {
        return secretHash;
    }

    public void setSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public int getSentCount() {
        return sentCount;
    }

    public void setSentCount(int sentCount) {
        this.sentCount = sentCount;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public Long getAcceptedAt() {
        return acceptedAt;
    }

    public void setAcceptedAt(Long acceptedAt) {
        this.acceptedAt = acceptedAt;
    }

    public String getAcceptedBy() {
        return acceptedBy;
    }

    public void setAcceptedBy(String acceptedBy) {
        this.acceptedBy = acceptedBy;
    }

    public Long getRevokedAt() {
        return revokedAt;
    }

    public void setRevokedAt(Long revokedAt) {
        this.revokedAt = revokedAt;
    }

    public Long getDeclinedAt() {
        return declinedAt;
    }

    public void setDeclinedAt(Long declinedAt) {
        this.declinedAt = declinedAt;
    }
}

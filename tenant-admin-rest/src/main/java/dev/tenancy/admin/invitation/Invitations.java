package dev.tenancy.admin.invitation;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The invitation store: the one class that reads and writes {@link InvitationEntity}.
 *
 * <p><b>Single use, across a cluster.</b> Accepting is ONE conditional SQL update in the accepting transaction:
 * {@code SET STATUS='ACCEPTED' WHERE ID=? AND STATUS='PENDING' AND EXPIRES_AT>=now AND SECRET_HASH=?}. The database
 * serialises concurrent updates of the row, so of two nodes accepting the same link at once exactly one sees "1 row
 * updated"; the other sees 0 and refuses. Revoking and resending are conditional the same way. Nothing is kept in
 * node memory.</p>
 *
 * <p><b>The link key</b> is {@code <invitation id>.<secret>}; the secret is 32 random bytes, stored only as its
 * SHA-256 hex. A resend draws a new secret and a new expiry, keeping the id: the old link stops working.</p>
 */
public final class Invitations {

    public enum Status {
        PENDING,
        ACCEPTED,
        EXPIRED,
        REVOKED,
        DECLINED
    }

    /** Most roles (organization groups) one invitation may carry. */
    public static final int MAX_ROLES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;

    public Invitations(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** A new invitation and the secret of its link (shown once, never stored). */
    public record Created(InvitationEntity invitation, String key) {}

    public Created create(
            RealmModel realm,
            OrganizationModel tenant,
            String email,
            List<String> groupIds,
            long expiresAt,
            String createdBy) {
        InvitationEntity entity = new InvitationEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setOrganizationId(tenant.getId());
        entity.setEmail(email.toLowerCase(Locale.ROOT));
        entity.setGroupIds(String.join(",", groupIds));
        entity.setStatus(Status.PENDING.name());
        entity.setCreatedAt(Time.currentTime());
        entity.setExpiresAt(expiresAt);
        entity.setSentCount(1);
        entity.setCreatedBy(createdBy);
        String secret = newSecret();
        entity.setSecretHash(hash(secret));
        em.persist(entity);
        em.flush();
        return new Created(entity, entity.getId() + "." + secret);
    }

    public Optional<InvitationEntity> find(OrganizationModel tenant, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        InvitationEntity entity = em.find(InvitationEntity.class, id);
        return entity != null && entity.getOrganizationId().equals(tenant.getId())
                ? Optional.of(entity)
                : Optional.empty();
    }

    /** An invitation by its link key, whatever its state; the secret must match. */
    public Optional<InvitationEntity> findByKey(RealmModel realm, String key) {
        if (key != null && key.indexOf('\0') >= 0) {
            return Optional.empty(); // no key holds NUL, and PostgreSQL refuses it in a query parameter (a 500)
        }
        Optional<String[]> parts = splitKey(key);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        InvitationEntity entity = em.find(InvitationEntity.class, parts.get()[0]);
        if (entity == null
                || !entity.getRealmId().equals(realm.getId())
                || !MessageDigest.isEqual(
                        entity.getSecretHash().getBytes(StandardCharsets.US_ASCII),
                        hash(parts.get()[1]).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(entity);
    }

    /** A still usable (pending, unexpired) invitation of this tenant for this e-mail, if any. */
    public boolean hasPending(OrganizationModel tenant, String email) {
        return !em.createQuery(
                        "select i.id from InvitationEntity i where i.organizationId = :org and i.email = :email"
                                + " and i.status = 'PENDING' and i.expiresAt >= :now",
                        String.class)
                .setParameter("org", tenant.getId())
                .setParameter("email", email.toLowerCase(Locale.ROOT))
                .setParameter("now", (long) Time.currentTime())
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** One page of the tenant's invitations, newest first, optionally of one status. */
    public Stream<InvitationEntity> list(OrganizationModel tenant, Status status, int first, int max) {
        StringBuilder jpql = new StringBuilder("select i from InvitationEntity i where i.organizationId = :org");
        appendStatus(jpql, status);
        jpql.append(" order by i.createdAt desc, i.id");
        TypedQuery<InvitationEntity> query =
                em.createQuery(jpql.toString(), InvitationEntity.class).setParameter("org", tenant.getId());
        if (status == Status.PENDING || status == Status.EXPIRED) {
            query.setParameter("now", (long) Time.currentTime());
        }
        return query.setFirstResult(first).setMaxResults(max).getResultList().stream();
    }

    public long count(OrganizationModel tenant, Status status) {
        StringBuilder jpql = new StringBuilder("select count(i) from InvitationEntity i where i.organizationId = :org");
        appendStatus(jpql, status);
        TypedQuery<Long> query = em.createQuery(jpql.toString(), Long.class).setParameter("org", tenant.getId());
        if (status == Status.PENDING || status == Status.EXPIRED) {
            query.setParameter("now", (long) Time.currentTime());
        }
        return query.getSingleResult();
    }

    private static void appendStatus(StringBuilder jpql, Status status) {
        if (status == null) {
            return;
        }
        switch (status) {
            case PENDING -> jpql.append(" and i.status = 'PENDING' and i.expiresAt >= :now");
            case EXPIRED -> jpql.append(" and i.status = 'PENDING' and i.expiresAt < :now");
            case ACCEPTED -> jpql.append(" and i.status = 'ACCEPTED'");
            case REVOKED -> jpql.append(" and i.status = 'REVOKED'");
            case DECLINED -> jpql.append(" and i.status = 'DECLINED'");
        }
    }

    /**
     * New secret and expiry for a pending or expired (not accepted, not revoked) invitation. Returns the new key, or
     * empty when the invitation was accepted, declined or revoked meanwhile.
     */
    public Optional<String> resend(InvitationEntity invitation, long expiresAt) {
        String secret = newSecret();
        int updated = em.createQuery("update InvitationEntity i set i.secretHash = :hash, i.expiresAt = :exp,"
                        + " i.sentCount = i.sentCount + 1 where i.id = :id and i.status = 'PENDING'")
                .setParameter("hash", hash(secret))
                .setParameter("exp", expiresAt)
                .setParameter("id", invitation.getId())
                .executeUpdate();
        em.refresh(invitation);
        return updated == 1 ? Optional.of(invitation.getId() + "." + secret) : Optional.empty();
    }

    /** PENDING (also expired) to REVOKED; false when it was already accepted, declined or revoked. */
    public boolean revoke(InvitationEntity invitation) {
        int updated = em.createQuery("update InvitationEntity i set i.status = 'REVOKED', i.revokedAt = :now"
                        + " where i.id = :id and i.status = 'PENDING'")
                .setParameter("now", (long) Time.currentTime())
                .setParameter("id", invitation.getId())
                .executeUpdate();
        em.refresh(invitation);
        return updated == 1;
    }

    /**
     * Marks the invitation accepted by {@code userId} if, at this instant in the database, it is still pending,
     * unexpired and its secret is the one of {@code key}. True for exactly one caller, whatever the node.
     */
    public boolean claim(InvitationEntity invitation, String key, String userId) {
        Optional<String[]> parts = splitKey(key);
        if (parts.isEmpty()) {
            return false;
        }
        int updated = em.createQuery("update InvitationEntity i set i.status = 'ACCEPTED', i.acceptedAt = :now,"
                        + " i.acceptedBy = :user where i.id = :id and i.status = 'PENDING' and i.expiresAt >= :now"
                        + " and i.secretHash = :hash")
                .setParameter("now", (long) Time.currentTime())
                .setParameter("user", userId)
                .setParameter("id", invitation.getId())
                .setParameter("hash", hash(parts.get()[1]))
                .executeUpdate();
        em.refresh(invitation);
        return updated == 1;
    }

    /**
     * Marks the invitation declined if, at this instant in the database, it is still pending, unexpired and its secret
     * is the one of {@code key} (the invitee followed the link and chose "decline"). False otherwise, for every caller
     * but one, whatever the node.
     */
    public boolean decline(InvitationEntity invitation, String key) {
        Optional<String[]> parts = splitKey(key);
        if (parts.isEmpty()) {
            return false;
        }
        int updated = em.createQuery("update InvitationEntity i set i.status = 'DECLINED', i.declinedAt = :now"
                        + " where i.id = :id and i.status = 'PENDING' and i.expiresAt >= :now and i.secretHash = :hash")
                .setParameter("now", (long) Time.currentTime())
                .setParameter("id", invitation.getId())
                .setParameter("hash", hash(parts.get()[1]))
                .executeUpdate();
        em.refresh(invitation);
        return updated == 1;
    }

    /**
     * One page of the realm's pending, unexpired invitations addressed to {@code email} (any tenant), newest first:
     * what {@code GET /tenants/me/invitations} shows to the owner of that verified address. Index
     * {@code IDX_TENANCY_INV_REALM_EMAIL}.
     */
    public List<InvitationEntity> pendingFor(RealmModel realm, String email, int first, int max) {
        return em.createQuery(
                        "select i from InvitationEntity i where i.realmId = :realm and i.email = :email"
                                + " and i.status = 'PENDING' and i.expiresAt >= :now order by i.createdAt desc, i.id",
                        InvitationEntity.class)
                .setParameter("realm", realm.getId())
                .setParameter("email", email.toLowerCase(Locale.ROOT))
                .setParameter("now", (long) Time.currentTime())
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    /** An invitation of this realm by id, whatever its tenant and state. */
    public Optional<InvitationEntity> find(RealmModel realm, String id) {
        if (id == null || id.length() > 36 || id.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        InvitationEntity entity = em.find(InvitationEntity.class, id);
        return entity != null && entity.getRealmId().equals(realm.getId()) ? Optional.of(entity) : Optional.empty();
    }

    /**
     * {@link #claim} for the invitee signed in with the invited, verified address ({@code /tenants/me/invitations}):
     * the same conditional update, bound to the address instead of the link's secret.
     */
    public boolean claimAsInvitee(InvitationEntity invitation, String userId) {
        int updated = em.createQuery("update InvitationEntity i set i.status = 'ACCEPTED', i.acceptedAt = :now,"
                        + " i.acceptedBy = :user where i.id = :id and i.status = 'PENDING' and i.expiresAt >= :now"
                        + " and i.email = :email")
                .setParameter("now", (long) Time.currentTime())
                .setParameter("user", userId)
                .setParameter("id", invitation.getId())
                .setParameter("email", invitation.getEmail())
                .executeUpdate();
        em.refresh(invitation);
        return updated == 1;
    }

    /** {@link #decline} for the invitee signed in with the invited, verified address. */
    public boolean declineAsInvitee(InvitationEntity invitation) {
        int updated = em.createQuery("update InvitationEntity i set i.status = 'DECLINED', i.declinedAt = :now"
                        + " where i.id = :id and i.status = 'PENDING' and i.expiresAt >= :now and i.email = :email")
                .setParameter("now", (long) Time.currentTime())
                .setParameter("id", invitation.getId())
                .setParameter("email", invitation.getEmail())
                .executeUpdate();
        em.refresh(invitation);
        return updated == 1;
    }

    /** The effective status: a pending invitation past its expiry is EXPIRED. */
    public static Status statusOf(InvitationEntity invitation) {
        Status stored = Status.valueOf(invitation.getStatus());
        return stored == Status.PENDING && invitation.getExpiresAt() < Time.currentTime() ? Status.EXPIRED : stored;
    }

    public static List<String> groupIdsOf(InvitationEntity invitation) {
        String ids = invitation.getGroupIds();
        return ids == null || ids.isBlank() ? List.of() : Arrays.asList(ids.split(","));
    }

    private static Optional<String[]> splitKey(String key) {
        if (key == null || key.length() > 200) {
            return Optional.empty();
        }
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] {key.substring(0, dot), key.substring(dot + 1)});
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

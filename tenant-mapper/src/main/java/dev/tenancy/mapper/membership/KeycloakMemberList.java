package dev.tenancy.mapper.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.keycloak.models.OrganizationModel;

/**
 * Keycloak's own answer to {@code getByMember}, not yet read. Keycloak's organization cache keeps the ids of a member's
 * organizations with the user (invalidated on every node by each membership write, as the user is) and maps each id
 * to its cached organization only as its stream is read; so the stream knows its size before any organization is
 * looked up. A user in 5,000 tenants is then counted without a query and without 5,000 lookups.
 *
 * <p>Where Keycloak's stream does not know its size (the user cache is off, or the user was written in this
 * transaction and Keycloak reads the database), {@link #size()} is {@code -1} and the list is closed at once.
 */
final class KeycloakMemberList {

    private final Spliterator<OrganizationModel> organizations;
    private final long size;
    private List<OrganizationModel> read;

    private KeycloakMemberList(Spliterator<OrganizationModel> organizations, long size) {
        this.organizations = organizations;
        this.size = size;
    }

    /**
     * Takes Keycloak's stream without reading it; a stream of unknown size is closed (a database result) and only
     * its absence of a size is kept.
     */
    static KeycloakMemberList of(Stream<OrganizationModel> keycloaks) {
        Spliterator<OrganizationModel> organizations = keycloaks.spliterator();
        long size = organizations.getExactSizeIfKnown();
        if (size < 0) {
            keycloaks.close();
            return new KeycloakMemberList(null, -1);
        }
        return new KeycloakMemberList(organizations, size);
    }

    /** How many organizations Keycloak lists, or {@code -1} if it cannot say without reading them. */
    long size() {
        return size;
    }

    /**
     * {@code counted} when there are as many as Keycloak listed (those were counted); otherwise a membership was
     * written since Keycloak listed them, and the list is Keycloak's own, in its order, each {@code wrap}ped: what was
     * handed out as counted stays what was counted.
     */
    <T> List<T> ifCountedElseKeycloaks(List<T> counted, Function<OrganizationModel, T> wrap) {
        if (counted.size() == size) {
            return counted;
        }
        return organizations().stream().map(wrap).toList();
    }

    /**
     * Keycloak's organizations, in its order, looked up once (one cache lookup each); an organization removed since
     * Keycloak listed it is left out, as Keycloak's lookup answers null for it.
     */
    List<OrganizationModel> organizations() {
        if (size < 0) {
            throw new IllegalStateException("Keycloak's list was not kept");
        }
        if (read == null) {
            List<OrganizationModel> organizations = new ArrayList<>((int) size);
            this.organizations.forEachRemaining(organization -> {
                if (organization != null) {
                    organizations.add(organization);
                }
            });
            read = organizations;
        }
        return read;
    }
}

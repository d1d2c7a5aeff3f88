package dev.tenancy.admin.setup;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One part of a realm's tenancy setup. {@link #plan} only reads: it compares the realm with what the step needs and
 * returns the write to make, so that a dry run, the health check and the real call share one decision.
 */
public interface SetupStep {

    PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options);
}

package dev.tenancy.admin.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Refresh-token rotation for public clients: a client profile with the executor {@code tenancy-refresh-rotation} and a
 * client policy (condition {@code client-access-type}: public) that applies it. A realm whose enabled policies already
 * apply our executor keeps them (two rotation executors on one refresh would rotate twice).
 */
final class RotationPolicyStep implements SetupStep {

    static final String NAME = "refresh-rotation";
    static final String PROFILE = "tenancy-public-client-rotation";
    static final String POLICY = "tenancy-public-client-rotation";
    static final String EXECUTOR = "tenancy-refresh-rotation";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The executor's configuration, every key explicit (docs/setup/client-profiles.json has the same). */
    static Map<String, Object> executorConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("rotation", true);
        config.put("graceSeconds", 5);
        config.put("replayRevokes", "user-session");
        config.put("familyMaxLifespanSeconds", 0);
        return config;
    }

    @Override
    public PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        if (session.getKeycloakSessionFactory().getProviderFactory(ClientPolicyExecutorProvider.class, EXECUTOR)
                == null) {
            return PlannedStep.refused(
                    NAME,
                    "The client-policy executor '" + EXECUTOR + "' is not installed: copy all jars "
                            + "of the bundle (tenancy-refresh-policy.jar) into providers/ and run kc.sh build.");
        }
        ClientPolicyManager manager = session.clientPolicy();
        ClientProfilesRepresentation profiles;
        ClientPoliciesRepresentation policies;
        try {
            profiles = manager.getClientProfiles(realm, false);
            policies = manager.getClientPolicies(realm, false);
        } catch (ClientPolicyException e) {
            return PlannedStep.refused(
                    NAME,
                    "The realm's client policies cannot be read (" + e.getErrorDetail()
                            + "); fix them in Realm settings, Client policies, then run setup again.");
        }
        List<ClientProfileRepresentation> profileList =
                new ArrayList<>(Objects.requireNonNullElse(profiles.getProfiles(), List.of()));
        List<ClientPolicyRepresentation> policyList =
                new ArrayList<>(Objects.requireNonNullElse(policies.getPolicies(), List.of()));
        Set<String> rotatingProfiles = profileList.stream()
                .filter(p -> p.getExecutors() != null
                        && p.getExecutors().stream().anyMatch(e -> EXECUTOR.equals(e.getExecutorProviderId())))
                .map(ClientProfileRepresentation::getName)
                .collect(Collectors.toSet());
        List<String> applying = policyList.stream()
                .filter(p -> !Boolean.FALSE.equals(p.isEnabled())
                        && p.getProfiles() != null
                        && p.getProfiles().stream().anyMatch(rotatingProfiles::contains))
                .map(ClientPolicyRepresentation::getName)
                .toList();
        if (!applying.isEmpty()) {
            return PlannedStep.unchanged(
                    NAME,
                    "Refresh-token rotation is applied by the client "
                            + (applying.size() == 1 ? "policy '" + applying.get(0) + "'" : "policies " + applying)
                            + ".");
        }
        if (policyList.stream().anyMatch(p -> POLICY.equals(p.getName()))) {
            return PlannedStep.refused(
                    NAME,
                    "The client policy '" + POLICY + "' exists but is disabled or does not apply the '"
                            + EXECUTOR
                            + "' executor; enable or fix it in Realm settings, Client policies (or delete it), then run "
                            + "setup again.");
        }
        boolean profileExists = profileList.stream().anyMatch(p -> PROFILE.equals(p.getName()));
        if (profileExists && !rotatingProfiles.contains(PROFILE)) {
            return PlannedStep.refused(
                    NAME,
                    "The client profile '" + PROFILE + "' exists without the '" + EXECUTOR
                            + "' executor; add it or delete the profile, then run setup again.");
        }
        String message = (profileExists
                        ? ""
                        : "Create the client profile '" + PROFILE + "' (executor '" + EXECUTOR
                                + "': rotation, grace 5 s, a replay ends the login) and ")
                + "the client policy '" + POLICY + "' applying it to every public client.";
        return PlannedStep.write(NAME, StepStatus.CREATED, profileExists ? capitalise(message) : message, false, () -> {
            try {
                if (!profileExists) {
                    profileList.add(profile());
                    ClientProfilesRepresentation update = new ClientProfilesRepresentation();
                    update.setProfiles(profileList);
                    manager.updateClientProfiles(realm, update);
                }
                policyList.add(policy());
                ClientPoliciesRepresentation update = new ClientPoliciesRepresentation();
                update.setPolicies(policyList);
                manager.updateClientPolicies(realm, update);
            } catch (ClientPolicyException e) {
                throw new IllegalStateException("Keycloak refused the client policy: " + e.getErrorDetail(), e);
            }
        });
    }

    private static ClientProfileRepresentation profile() {
        ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
        executor.setExecutorProviderId(EXECUTOR);
        executor.setConfiguration(JSON.valueToTree(executorConfig()));
        ClientProfileRepresentation profile = new ClientProfileRepresentation();
        profile.setName(PROFILE);
        profile.setDescription("Refresh-token rotation for public clients (Keycloak Tenancy realm setup)");
        profile.setExecutors(List.of(executor));
        return profile;
    }

    private static ClientPolicyRepresentation policy() {
        ClientPolicyConditionRepresentation condition = new ClientPolicyConditionRepresentation();
        condition.setConditionProviderId("client-access-type");
        condition.setConfiguration(JSON.valueToTree(Map.of("type", List.of("public"))));
        ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
        policy.setName(POLICY);
        policy.setDescription("Every public client rotates refresh tokens (Keycloak Tenancy realm setup)");
        policy.setEnabled(true);
        policy.setConditions(List.of(condition));
        policy.setProfiles(List.of(PROFILE));
        return policy;
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}

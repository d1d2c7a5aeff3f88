package dev.tenancy.policy.login;

import dev.tenancy.context.policy.MfaMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Which second factors a user without one may set up for a tenant: the tenant's allowed methods that have a setup
 * action the realm has enabled, in the order of {@link MfaMethod}; never e-mail (nothing to set up) nor the fallback
 * recovery codes. Kept in the login's auth notes as method values between the condition that offers them and the
 * page that takes the choice, so the page accepts only what was offered.
 */
final class MfaSetupChoice {

    /** Auth note: the offered methods' values, comma-separated. */
    static final String OFFERED_NOTE = "tenancy.mfa-setup.offered";

    private MfaSetupChoice() {}

    /** The methods among {@code allowed} that {@code realm} lets a user set up now. */
    static List<MfaMethod> offerable(RealmModel realm, Set<MfaMethod> allowed) {
        List<MfaMethod> offerable = new ArrayList<>();
        for (MfaMethod method : MfaMethod.values()) {
            if (!allowed.contains(method) || method.setupAction() == null || method.isFallback()) {
                continue;
            }
            RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(method.setupAction());
            if (action != null && action.isEnabled()) {
                offerable.add(method);
            }
        }
        return offerable;
    }

    static String toNote(List<MfaMethod> methods) {
        return methods.stream().map(MfaMethod::value).collect(Collectors.joining(","));
    }

    static List<MfaMethod> fromNote(String note) {
        if (note == null || note.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(note.split(","))
                .map(MfaMethod::fromValue)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The offered method whose value is {@code chosen}, or empty for anything else (a forged or stale choice). */
    static Optional<MfaMethod> pick(String note, String chosen) {
        return fromNote(note).stream()
                .filter(method -> method.value().equals(chosen))
                .findFirst();
    }
}

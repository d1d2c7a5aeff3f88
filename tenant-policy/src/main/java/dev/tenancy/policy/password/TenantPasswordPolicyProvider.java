package dev.tenancy.policy.password;

import dev.tenancy.context.LoginTenantSource;
import dev.tenancy.context.policy.PasswordRules;
import dev.tenancy.context.policy.TenantPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The password policy "Tenant password rules" ({@code tenancy-tenant-password-policy}): added ONCE to the realm's
 * password policy, it applies, whenever a password is set (registration, update-password, admin reset, account
 * console), the strictest rules of ALL the user's tenants on top of the realm's own rules. Loading the user's tenants
 * is fine here: password changes are rare. The error is Keycloak's message for the broken rule (e.g.
 * {@code invalidPasswordMinLengthMessage}, "Invalid password: minimum length 12.").
 *
 * <p><b>History</b> ({@code password.history}: not one of the last N passwords): Keycloak keeps old password hashes
 * only as far as the realm's own {@code passwordHistory} policy asks, and deletes the rest at every change. So that a
 * tenant may ask for more, this policy keeps its own copies: before a change it stores the CURRENT password's hash as a
 * credential of type {@value #HISTORY_TYPE} (never the new password in clear, and only hashes Keycloak already has),
 * at most as many as the user's strictest tenant asks for. They show in the admin console's Credentials tab of the
 * user; deleting them only shortens the history.</p>
 *
 * <p>Registration: a user who registers is no tenant's member yet; when the registration is for a tenant (the
 * organization context of the request, or the login's tenant as a {@link LoginTenantSource} knows it: the tenant of
 * an invitation link), that tenant's rules apply already.</p>
 */
public class TenantPasswordPolicyProvider implements PasswordPolicyProvider {

    /** Credential type of the old password hashes kept for tenant password histories. */
    public static final String HISTORY_TYPE = "tenancy-password-history";

    private static final String HISTORY_MESSAGE = "invalidPasswordHistoryMessage";
    private static final Logger LOG = Logger.getLogger(TenantPasswordPolicyProvider.class);

    private final KeycloakSession session;
    private final List<LoginTenantSource> loginTenantSources;

    public TenantPasswordPolicyProvider(KeycloakSession session, List<LoginTenantSource> loginTenantSources) {
        this.session = session;
        this.loginTenantSources = loginTenantSources;
    }

    /**
     * The tenant this request acts for: the organization context, else the tenant of the login in progress as a
     * {@link LoginTenantSource} knows it (a registration that follows an invitation link has no organization context).
     */
    private OrganizationModel requestTenant() {
        OrganizationModel context = session.getContext().getOrganization();
        if (context != null) {
            return context;
        }
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null) {
            return null;
        }
        for (LoginTenantSource source : loginTenantSources) {
            Optional<LoginTenantSource.Hint> hint = source.hint(session, authSession);
            if (hint.isPresent()) {
                return hint.get().tenant();
            }
        }
        return null;
    }

    @Override
    public PolicyError validate(String username, String password) {
        if (!Organizations.isEnabled(session)) {
            return null;
        }
        OrganizationModel tenant = requestTenant();
        if (tenant == null) {
            return null;
        }
        PasswordRules rules = PasswordRules.of(TenantPolicy.of(session, tenant));
        PasswordRules.Violation violation = rules.check(password, username, null);
        return violation == null ? null : toError(violation);
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        if (user == null) {
            return null;
        }
        if (!Organizations.isEnabled(session)) {
            return null;
        }
        Map<String, OrganizationModel> tenants = new LinkedHashMap<>();
        Organizations.getProvider(session).getByMember(user).forEach(t -> tenants.put(t.getId(), t));
        OrganizationModel requestTenant = requestTenant();
        if (requestTenant != null) {
            tenants.putIfAbsent(requestTenant.getId(), requestTenant);
        }
        if (tenants.isEmpty()) {
            return null;
        }
        List<TenantPolicy> policies = new ArrayList<>();
        tenants.values().forEach(t -> policies.add(TenantPolicy.of(session, t)));
        PasswordRules rules = PasswordRules.strictest(policies);
        if (rules.isNone()) {
            return null;
        }
        PasswordRules.Violation violation = rules.check(password, user.getUsername(), user.getEmail());
        if (violation != null) {
            LOG.debugf(
                    "Password of %s breaks %s of its tenants' rules %s",
                    user.getUsername(), violation.messageKey(), rules);
            return toError(violation);
        }
        if (rules.history() > 0) {
            if (usedRecently(user, password, rules.history())) {
                return new PolicyError(HISTORY_MESSAGE, rules.history());
            }
            keepCurrentPassword(user, rules.history());
        }
        return null;
    }

    /** Whether {@code password} is the current one or one of the {@code history - 1} before it. */
    private boolean usedRecently(UserModel user, String password, int history) {
        List<CredentialModel> current = user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .toList();
        List<CredentialModel> older = Stream.concat(
                        user.credentialManager()
                                .getStoredCredentialsByTypeStream(PasswordCredentialModel.PASSWORD_HISTORY),
                        user.credentialManager().getStoredCredentialsByTypeStream(HISTORY_TYPE))
                .sorted(CredentialModel.comparingByStartDateDesc())
                .filter(distinctSecrets(current))
                .limit(Math.max(0, history - 1))
                .toList();
        return Stream.concat(current.stream(), older.stream()).anyMatch(c -> matches(c, password));
    }

    /** Filters out copies of a hash already seen (ours duplicate Keycloak's when both keep history). */
    private static java.util.function.Predicate<CredentialModel> distinctSecrets(List<CredentialModel> seen) {
        List<String> secrets = new ArrayList<>(
                seen.stream().map(CredentialModel::getSecretData).toList());
        return c -> {
            if (secrets.contains(c.getSecretData())) {
                return false;
            }
            secrets.add(c.getSecretData());
            return true;
        };
    }

    private boolean matches(CredentialModel credential, String password) {
        PasswordCredentialModel model = PasswordCredentialModel.createFromCredentialModel(credential);
        PasswordHashProvider hash = session.getProvider(
                PasswordHashProvider.class, model.getPasswordCredentialData().getAlgorithm());
        return hash != null && hash.verify(password, model);
    }

    /**
     * Keeps a copy of the current password's hash (it becomes an old password if this change succeeds, and is the
     * current one otherwise) and drops copies beyond {@code history - 1}.
     */
    private void keepCurrentPassword(UserModel user, int history) {
        CredentialModel current = user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst()
                .orElse(null);
        List<CredentialModel> kept = user.credentialManager()
                .getStoredCredentialsByTypeStream(HISTORY_TYPE)
                .sorted(CredentialModel.comparingByStartDateDesc())
                .toList();
        if (current != null
                && kept.stream().noneMatch(c -> Objects.equals(c.getSecretData(), current.getSecretData()))) {
            CredentialModel copy = new CredentialModel();
            copy.setType(HISTORY_TYPE);
            copy.setCreatedDate(current.getCreatedDate());
            copy.setSecretData(current.getSecretData());
            copy.setCredentialData(current.getCredentialData());
            user.credentialManager().createStoredCredential(copy);
            kept = Stream.concat(Stream.of(copy), kept.stream())
                    .sorted(Comparator.comparing(
                            CredentialModel::getCreatedDate, Comparator.nullsLast(Comparator.reverseOrder())))
                    .toList();
        }
        kept.stream()
                .skip(Math.max(1, history - 1))
                .filter(c -> c.getId() != null)
                .forEach(c -> user.credentialManager().removeStoredCredentialById(c.getId()));
    }

    private static PolicyError toError(PasswordRules.Violation violation) {
        return violation.parameter() == null
                ? new PolicyError(violation.messageKey())
                : new PolicyError(violation.messageKey(), violation.parameter());
    }

    @Override
    public Object parseConfig(String value) {
        return null;
    }

    @Override
    public void close() {}
}

package dev.tenancy.policy.login;

import dev.tenancy.context.policy.MfaMethod;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Errors;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Choose a second factor" ({@value MfaSetupChoiceRequiredActionFactory#PROVIDER_ID}): shown when a tenant requires
 * MFA of a user who has none of its allowed factors and the realm can set up more than one of them. Lists only the
 * methods {@link TenantMfaCondition} offered (auth note {@value MfaSetupChoice#OFFERED_NOTE}) and adds the chosen
 * method's own setup action (Keycloak's {@code CONFIGURE_TOTP}, {@code webauthn-register}, ... or ours) to this login,
 * which Keycloak runs next. A choice that was not offered is refused on the same page.
 */
public class MfaSetupChoiceRequiredAction implements RequiredActionProvider {

    public static final String TEMPLATE = "tenancy-mfa-setup-choice.ftl";
    public static final String FIELD = "tenancy-mfa-method";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {}

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        List<MfaMethod> offered =
                MfaSetupChoice.fromNote(context.getAuthenticationSession().getAuthNote(MfaSetupChoice.OFFERED_NOTE));
        if (offered.isEmpty()) {
            // not added by the tenant policy in this login (e.g. set on the user by hand): nothing to choose
            context.success();
            return;
        }
        context.challenge(form(context, offered, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String note = authSession.getAuthNote(MfaSetupChoice.OFFERED_NOTE);
        Optional<MfaMethod> chosen = MfaSetupChoice.pick(
                note, context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD));
        if (chosen.isEmpty()) {
            context.getEvent().user(context.getUser()).error(Errors.INVALID_INPUT);
            List<MfaMethod> offered = MfaSetupChoice.fromNote(note);
            if (offered.isEmpty()) {
                context.success();
                return;
            }
            context.challenge(form(context, offered, "tenancyMfaChoiceMissing"));
            return;
        }
        authSession.removeAuthNote(MfaSetupChoice.OFFERED_NOTE);
        authSession.addRequiredAction(chosen.get().setupAction());
        context.success();
    }

    private static Response form(RequiredActionContext context, List<MfaMethod> offered, String error) {
        var form = context.form()
                .setAttribute(
                        "tenancyMfaChoice",
                        Map.of(
                                "field",
                                FIELD,
                                "methods",
                                offered.stream().map(MfaMethod::value).toList()));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    public void close() {}
}

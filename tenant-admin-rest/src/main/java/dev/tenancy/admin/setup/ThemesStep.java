package dev.tenancy.admin.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Our login and e-mail themes ({@code tenancy}). A realm that already uses a theme of its own keeps it: setup reports
 * it and does not override someone's design (our pages and e-mails are served to every theme; only branding per
 * tenant needs the {@code tenancy} theme or a theme extending it).
 */
final class ThemesStep implements SetupStep {

    static final String NAME = "themes";
    static final String THEME = "tenancy";
    /** Keycloak's own themes, and no theme (Keycloak's default): replaced by ours. */
    private static final Set<String> STOCK = Set.of("", "keycloak", "keycloak.v2", "base");

    @Override
    public PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        String login = realm.getLoginTheme() == null ? "" : realm.getLoginTheme();
        String email = realm.getEmailTheme() == null ? "" : realm.getEmailTheme();
        List<String> changes = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        boolean setLogin = STOCK.contains(login);
        boolean setEmail = STOCK.contains(email);
        if (setLogin) {
            changes.add("login theme 'tenancy'");
        } else if (!THEME.equals(login)) {
            kept.add("login theme '" + login + "'");
        }
        if (setEmail) {
            changes.add("e-mail theme 'tenancy'");
        } else if (!THEME.equals(email)) {
            kept.add("e-mail theme '" + email + "'");
        }
        String keptMessage = kept.isEmpty()
                ? ""
                : " Keeps the realm's own " + String.join(" and ", kept)
                        + ": tenant branding shows only in the 'tenancy' theme or a theme with parent 'tenancy'.";
        if (changes.isEmpty()) {
            return PlannedStep.unchanged(
                    NAME,
                    (kept.isEmpty() ? "The 'tenancy' login and e-mail themes are selected." : "") + keptMessage.trim());
        }
        return PlannedStep.write(
                NAME,
                StepStatus.UPDATED,
                "Select the " + String.join(" and ", changes) + "." + keptMessage,
                false,
                () -> {
                    if (setLogin) {
                        realm.setLoginTheme(THEME);
                    }
                    if (setEmail) {
                        realm.setEmailTheme(THEME);
                    }
                });
    }
}

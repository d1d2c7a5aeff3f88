package dev.tenancy.it.refresh;

import static dev.tenancy.it.refresh.RefreshFixtures.assertInvalidGrant;
import static dev.tenancy.it.refresh.RefreshFixtures.claims;
import static dev.tenancy.it.refresh.RefreshFixtures.events;
import static dev.tenancy.it.refresh.RefreshFixtures.familyId;
import static dev.tenancy.it.refresh.RefreshFixtures.jti;
import static dev.tenancy.it.refresh.RefreshFixtures.login;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.RotationTiming;
import dev.tenancy.testsupport.TestRealm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A refresh whose database write fails for real (PostgreSQL only) leaves the token family as it was (issue 4 point
 * 5, Keycloak #49213): the failed request did not spend the presented token, nothing is counted against the family,
 * and replay detection still works.
 *
 * <p>How the failure is made: with persistent user sessions (Keycloak 26.7 default) the family state is a note of the
 * client session, stored in the JSON column {@code DATA} of the row of {@code OFFLINE_CLIENT_SESSION} (online sessions
 * too, {@code OFFLINE_FLAG = '0'}); on PostgreSQL Keycloak writes session changes in the request's own transaction.
 * For the duration of one test a trigger refuses every UPDATE of that one row that changes that family's note, so the
 * refresh's commit fails, Keycloak rolls the request back and answers an error. The note is changed in place in
 * Keycloak's session cache before the commit; only refresh-policy's undo ({@code FamilyLock}) puts it back.</p>
 *
 * <p>Skipped on the embedded H2: the server process holds that database exclusively, so a test cannot install a
 * trigger in it.</p>
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class RefreshDatabaseFailureIT {

    static final String CLIENT = "dbfail-app";
    static final String TRIGGER = "tenancy_it_fail_family_write";
    static final String FIRED = "tenancy_it_injected_failures";

    static String fay;
    Connection db;

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixtures.createPublicClient(realm, CLIENT, "dbfail");
        // grace 0 and user-session revocation: a wrongly detected replay would end the whole login, visibly
        realm.installRefreshRotationPolicies(
                Map.of("dbfail", Map.of("graceSeconds", 0, "replayRevokes", "user-session")));
        RefreshFixtures.enableRefreshEvents(realm);
        fay = realm.createUser("fay", "fay@example.com");
    }

    @BeforeEach
    void connect(KeycloakServer server) throws SQLException {
        Assumptions.assumeTrue(
                server.jdbcUrl().isPresent(),
                "needs PostgreSQL (mvn verify -Ppostgres): the embedded "
                        + "H2 database is held by the Keycloak process, a test cannot install a failing trigger in it");
        db = DriverManager.getConnection(server.jdbcUrl().orElseThrow(), server.databaseUser(), "");
    }

    @AfterEach
    void removeTrigger() throws SQLException {
        if (db != null) {
            dropTrigger();
            execute("DROP SEQUENCE IF EXISTS " + FIRED);
            db.close();
        }
    }

    @Test
    void aRefreshWhoseCommitFailsLeavesTheFamilyAsItWas(TestRealm realm) throws SQLException {
        String t0 = login(realm, CLIENT, "fay").string("refresh_token");
        String t1 = refreshOk(realm, CLIENT, t0).string("refresh_token");
        String family = familyId(t1);
        String sessionId = (String) claims(t1).get("sid");
        assertThat(committedHead(sessionId, family))
                .as("the committed family state, read from the database")
                .isEqualTo(jti(t1));

        failFamilyWrites(sessionId, family);
        Http.Response failed = realm.refreshGrant(CLIENT, t1);
        assertThat(firedCount()).as("the trigger refused the refresh's write").isPositive();
        // Keycloak's own answer to a failed commit of the token request (KeycloakErrorHandler, not input handling of
        // ours): 500 without tokens. The client keeps its refresh token and retries.
        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(failed.json())
                .containsEntry("error", "unknown_error")
                .doesNotContainKeys("refresh_token", "access_token");
        dropTrigger();
        assertThat(committedHead(sessionId, family))
                .as("the failed request committed nothing")
                .isEqualTo(jti(t1));

        // past the in-flight second: had the failed request moved the head, t1 would now be a replay and revoke
        RotationTiming.waitPastInFlightWindow();
        Http.Response retried = realm.refreshGrant(CLIENT, t1);
        assertThat(retried.status())
                .as("the still-current token refreshes: " + retried)
                .isEqualTo(200);
        String t2 = retried.string("refresh_token");
        assertThat(claims(t2)).containsEntry("tenancy_fid", family).containsEntry("tenancy_gen", 2L);
        assertThat(committedHead(sessionId, family)).isEqualTo(jti(t2));
        assertThat(RefreshFixtures.userinfoStatus(realm, retried.string("access_token")))
                .isEqualTo(200);
        assertThat(sessionsOf(realm)).as("no session was revoked").contains(sessionId);
        assertThat(replayEvents(realm)).as("no replay was detected").isEmpty();
        String t3 = refreshOk(realm, CLIENT, t2).string("refresh_token");

        // a genuinely spent token is still a replay, and revokes the login as configured
        RotationTiming.waitPastInFlightWindow();
        assertInvalidGrant(realm.refreshGrant(CLIENT, t1), "Refresh token replay detected");
        assertThat(replayEvents(realm)).singleElement().satisfies(e -> assertThat(
                        (Map<String, Object>) e.get("details"))
                .containsEntry("family_id", family)
                .containsEntry("tenancy_revoked", "user-session"));
        assertThat(sessionsOf(realm)).doesNotContain(sessionId);
        assertThat(realm.refreshGrant(CLIENT, t3).status()).isEqualTo(400);
    }

    /** Refuses, until {@link #dropTrigger()}, every write of that client session that changes that family's note. */
    private void failFamilyWrites(String sessionId, String family) throws SQLException {
        assertThat(sessionId + family).as("ids pasted into DDL").matches("[0-9A-Za-z_-]+");
        execute("CREATE SEQUENCE " + FIRED);
        execute("CREATE FUNCTION " + TRIGGER + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF (NEW.data::jsonb -> 'notes' ->> '" + noteKey(family) + "') IS DISTINCT FROM "
                + "(OLD.data::jsonb -> 'notes' ->> '" + noteKey(family) + "') THEN "
                + "PERFORM nextval('" + FIRED + "'); " // a sequence survives the rollback: proof that it fired
                + "RAISE EXCEPTION 'tenancy test: injected failure of the refresh-token family write'; "
                + "END IF; RETURN NEW; END $$");
        execute("CREATE TRIGGER " + TRIGGER + " BEFORE UPDATE ON offline_client_session FOR EACH ROW "
                + "WHEN (OLD.user_session_id = '" + sessionId + "') EXECUTE FUNCTION " + TRIGGER + "()");
    }

    private void dropTrigger() throws SQLException {
        execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON offline_client_session");
        execute("DROP FUNCTION IF EXISTS " + TRIGGER + "()");
    }

    private long firedCount() throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + FIRED)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The head token id of the family as committed in the database (format of {@code FamilyState}). */
    private String committedHead(String sessionId, String family) throws SQLException {
        try (PreparedStatement query =
                db.prepareStatement("SELECT data::jsonb -> 'notes' ->> ? FROM offline_client_session "
                        + "WHERE user_session_id = ? AND offline_flag = '0'")) {
            query.setString(1, noteKey(family));
            query.setString(2, sessionId);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("client session row of " + sessionId).isTrue();
                String note = rs.getString(1);
                assertThat(note).as("family note").isNotNull().startsWith("1 ");
                return note.split(" ")[1];
            }
        }
    }

    private static String noteKey(String family) {
        return "tenancy.rt." + family;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<Object> sessionsOf(TestRealm realm) {
        return realm.adminCall("GET", "/users/" + fay + "/sessions", null).jsonList().stream()
                .map(s -> ((Map<String, Object>) s).get("id"))
                .toList();
    }

    private static List<Map<String, Object>> replayEvents(TestRealm realm) {
        return events(realm, "REFRESH_TOKEN_ERROR", fay).stream()
                .filter(e -> e.get("details") instanceof Map<?, ?> details
                        && "refresh_token_replay".equals(details.get("tenancy_reason")))
                .toList();
    }
}

package dev.tenancy.testsupport;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 glue: ONE server per test run (kept in the root store, closed when the run ends, whatever the outcome),
 * ONE realm per test class, and the tail of the server log printed when a test or a lifecycle method fails.
 */
public class KeycloakExtension
        implements BeforeAllCallback,
                AfterAllCallback,
                ParameterResolver,
                TestWatcher,
                LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakExtension.class);
    private static final int LOG_TAIL_LINES = 80;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (enclosingRealm(context) != null) {
            return; // a @Nested class shares the realm of its outermost test class
        }
        KeycloakServer server = server(context);
        context.getStore(NAMESPACE)
                .put(TestRealm.class, TestRealm.create(server, realmNameFor(context.getRequiredTestClass())));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestRealm realm = context.getStore(NAMESPACE).remove(TestRealm.class, TestRealm.class);
        if (realm != null && !Boolean.getBoolean("tenancy.keep-realms")) {
            realm.remove();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KeycloakServer.class || type == TestRealm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == KeycloakServer.class) {
            return server(context);
        }
        TestRealm realm = context.getStore(NAMESPACE).get(TestRealm.class, TestRealm.class);
        return realm != null ? realm : enclosingRealm(context);
    }

    private static TestRealm enclosingRealm(ExtensionContext context) {
        for (ExtensionContext c = context.getParent().orElse(null);
                c != null;
                c = c.getParent().orElse(null)) {
            TestRealm realm = c.getStore(NAMESPACE).get(TestRealm.class, TestRealm.class);
            if (realm != null) {
                return realm;
            }
        }
        return null;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTail(context, context.getDisplayName());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        if (!(throwable instanceof TestAbortedException)) {
            printLogTail(context, "@BeforeAll of " + context.getDisplayName());
        }
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        // an unmet assumption skips the test: nothing failed, the server log has nothing to explain
        if (!(throwable instanceof TestAbortedException)) {
            printLogTail(context, "@BeforeEach of " + context.getDisplayName());
        }
        throw throwable;
    }

    static String realmNameFor(Class<?> testClass) {
        return "it-" + testClass.getSimpleName().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    private static void printLogTail(ExtensionContext context, String what) {
        ServerResource resource = context.getRoot().getStore(NAMESPACE).get(ServerResource.class, ServerResource.class);
        if (resource == null) {
            return;
        }
        StringBuilder out = new StringBuilder("\n===== Keycloak server log, last " + LOG_TAIL_LINES + " lines (failed: "
                + what + "; full log: " + resource.server.logFile() + ") =====\n");
        resource.server.logTail(LOG_TAIL_LINES).forEach(line -> out.append(line).append('\n'));
        out.append("===== end of server log =====");
        System.err.println(out);
    }

    private static KeycloakServer server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        ServerResource.class,
                        k -> new ServerResource(KeycloakServer.start(ServerSettings.fromSystemProperties())),
                        ServerResource.class)
                .server;
    }

    /** Closed by JUnit when the root context closes, i.e. once at the end of the run, also after failures. */
    @SuppressWarnings("deprecation")
    private record ServerResource(KeycloakServer server)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        ServerResource {
            System.out.printf(
                    "[tenancy] Keycloak ready at %s in %d ms (build %d ms), log %s%n",
                    server.baseUrl(),
                    server.startupTime().toMillis(),
                    server.buildTime().toMillis(),
                    server.logFile());
        }

        @Override
        public void close() {
            server.close();
        }
    }
}

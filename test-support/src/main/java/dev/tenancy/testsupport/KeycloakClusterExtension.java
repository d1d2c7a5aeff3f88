package dev.tenancy.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 glue of the cluster suite, as {@link KeycloakExtension} for one server: ONE {@link KeycloakCluster} per test
 * run (size {@code tenancy.cluster.nodes}, default 2; closed when the run ends, whatever the outcome), ONE realm per
 * test class (created through node 0; the {@link TestRealm} parameter talks to node 0, {@link KeycloakCluster#realm}
 * gives the same realm through another node), and the tail of every node's log printed when something fails.
 */
public class KeycloakClusterExtension
        implements BeforeAllCallback,
                AfterAllCallback,
                ParameterResolver,
                TestWatcher,
                LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakClusterExtension.class);
    private static final int LOG_TAIL_LINES = 60;

    @Override
    public void beforeAll(ExtensionContext context) {
        KeycloakCluster cluster = cluster(context);
        context.getStore(NAMESPACE)
                .put(
                        TestRealm.class,
                        cluster.createRealm(KeycloakExtension.realmNameFor(context.getRequiredTestClass())));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestRealm realm = context.getStore(NAMESPACE).remove(TestRealm.class, TestRealm.class);
        if (realm != null && !Boolean.getBoolean("tenancy.keep-realms")) {
            KeycloakCluster cluster = cluster(context);
            for (int i = 0; i < cluster.size(); i++) {
                try {
                    cluster.realm(i, realm.name()).remove(); // through the first node that is up
                    return;
                } catch (RuntimeException e) {
                    // that node is down: try the next
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KeycloakCluster.class || type == TestRealm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        if (parameterContext.getParameter().getType() == KeycloakCluster.class) {
            return cluster(context);
        }
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            TestRealm realm = c.getStore(NAMESPACE).get(TestRealm.class, TestRealm.class);
            if (realm != null) {
                return realm;
            }
        }
        return null;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTails(context, context.getDisplayName());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTails(context, "@BeforeAll of " + context.getDisplayName());
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTails(context, "@BeforeEach of " + context.getDisplayName());
        throw throwable;
    }

    private static void printLogTails(ExtensionContext context, String what) {
        ClusterResource resource =
                context.getRoot().getStore(NAMESPACE).get(ClusterResource.class, ClusterResource.class);
        if (resource == null) {
            return;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < resource.cluster.size(); i++) {
            out.append("\n===== cluster node ")
                    .append(i)
                    .append(" log, last ")
                    .append(LOG_TAIL_LINES)
                    .append(" lines (failed: ")
                    .append(what)
                    .append("; full log: ")
                    .append(resource.cluster.logFile(i))
                    .append(") =====\n");
            try {
                java.util.List<String> all = java.nio.file.Files.readAllLines(resource.cluster.logFile(i));
                all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size())
                        .forEach(l -> out.append(l).append('\n'));
            } catch (java.io.IOException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        System.err.println(out);
    }

    private static KeycloakCluster cluster(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        ClusterResource.class,
                        k -> new ClusterResource(KeycloakCluster.start(
                                ServerSettings.fromSystemProperties(), Integer.getInteger("tenancy.cluster.nodes", 2))),
                        ClusterResource.class)
                .cluster;
    }

    /** Closed by JUnit when the root context closes, i.e. once at the end of the run, also after failures. */
    @SuppressWarnings("deprecation")
    private record ClusterResource(KeycloakCluster cluster)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        ClusterResource {
            StringBuilder nodes = new StringBuilder();
            for (int i = 0; i < cluster.size(); i++) {
                nodes.append(i == 0 ? "" : ", ").append(cluster.node(i));
            }
            System.out.printf(
                    "[cluster] %d nodes up (%s), issuer base %s: cluster start %d ms (build %d ms)%n",
                    cluster.size(),
                    nodes,
                    cluster.frontendUrl(),
                    cluster.startupTime().toMillis(),
                    cluster.buildTime().toMillis());
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}

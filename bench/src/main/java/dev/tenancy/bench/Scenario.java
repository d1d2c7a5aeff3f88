package dev.tenancy.bench;

import java.util.List;

/**
 * One thing to measure, as two configurations of the same request: A (usually stock Keycloak) and B (the variant).
 * Both run against the same server in the same run, alternated, so that the B/A ratio is free of machine drift.
 *
 * <p>To add a scenario: implement this interface and add an instance to {@link Scenarios#ALL}.</p>
 */
public interface Scenario {

    /** The name used on the command line ({@code --scenario NAME}) and in the results. */
    String name();

    /** One sentence: what is measured and what A and B are. */
    String description();

    /** Creates the realms, clients and users both configurations need, and returns the two configurations. */
    default Comparison setUp(BenchContext context) throws Exception {
        throw new UnsupportedOperationException(name() + " implements neither setUp nor setUpComparisons");
    }

    /**
     * For a scenario that measures several requests on one costly set-up (e.g. several endpoints of one large
     * tenant): one comparison per request, each named ({@link Comparison#part()}) and measured after the previous one,
     * with its own warmup and rounds. By default the one comparison of {@link #setUp}.
     */
    default List<Comparison> setUpComparisons(BenchContext context) throws Exception {
        return List.of(setUp(context));
    }

    /** Removes what {@link #setUp} created; called even when setUp or the measurement failed. */
    void tearDown(BenchContext context);
}

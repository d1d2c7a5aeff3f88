package dev.tenancy.bench;

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
    Comparison setUp(BenchContext context) throws Exception;

    /** Removes what {@link #setUp} created; called even when setUp or the measurement failed. */
    void tearDown(BenchContext context);
}

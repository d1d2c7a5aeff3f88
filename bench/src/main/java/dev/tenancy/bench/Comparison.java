package dev.tenancy.bench;

/**
 * The two configurations of a scenario: A is the reference, B the variant; the ratios printed are B/A.
 *
 * @param part null for a scenario's only comparison; for a scenario that compares several requests on one set-up
 *             (see {@link Scenario#setUpComparisons}), the name of this one, e.g. {@code count}
 */
public record Comparison(String part, Configuration a, Configuration b) {

    public Comparison(Configuration a, Configuration b) {
        this(null, a, b);
    }
}

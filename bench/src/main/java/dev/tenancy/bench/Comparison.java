package dev.tenancy.bench;

/** The two configurations of a scenario: A is the reference, B the variant; the ratios printed are B/A. */
public record Comparison(Configuration a, Configuration b) {
}

package dev.tenancy.bench.scenarios;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the two audit scenarios share: printing a prepared statement's plan, and reading and timing one page. */
final class AuditQueries {

    private AuditQueries() {}

    /** {@code sql} with JDBC's {@code ?} numbered for {@code PREPARE} ({@code $1}, {@code $2}, ...). */
    static String numbered(String sql) {
        String out = sql;
        for (int i = 1; out.contains("?"); i++) {
            out = out.replaceFirst("\\?", "\\$" + i);
        }
        return out;
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Runs an {@code EXPLAIN} statement and prints its plan, indented, under {@code label}. */
    static void printPlan(Statement statement, String label, String explainSql) throws SQLException {
        System.out.println("  EXPLAIN ANALYZE, " + label + ":");
        try (ResultSet plan = statement.executeQuery(explainSql)) {
            while (plan.next()) {
                System.out.println("    " + plan.getString(1));
            }
        }
    }

    /** Reads every row of the prepared query; a page of another size than {@code page} is a broken fixture. */
    static void readPage(PreparedStatement statement, int page) throws SQLException {
        int rows = 0;
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows++;
            }
        }
        if (rows != page) {
            throw new IllegalStateException("a page of " + rows + " events instead of " + page);
        }
    }

    /** The value at {@code percentile} of sorted nanosecond timings, in milliseconds (nearest rank). */
    static double ms(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}

package dev.tenancy.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The test databases on the PostgreSQL server of {@link ServerSettings} (user {@code dbUser}, trust authentication):
 * created per server or cluster and dropped after it, or kept by name for the bench.
 */
final class PostgresDatabases {

    private PostgresDatabases() {}

    static void create(ServerSettings settings, String name) {
        execute(settings, "CREATE DATABASE " + name);
    }

    static boolean exists(ServerSettings settings, String name) {
        String url = "jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, settings.dbUser(), "");
                var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + settings.dbHost() + ":" + settings.dbPort() + " cannot be queried: "
                            + e.getMessage(),
                    e);
        }
    }

    /** Drops {@code name} (connections forced off); a failure is reported, not thrown: the run is over. */
    static void drop(ServerSettings settings, String name) {
        try {
            execute(settings, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            System.err.println("[tenancy] could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** The JDBC URL of database {@code name}. */
    static String jdbcUrl(ServerSettings settings, String name) {
        return "jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/" + name;
    }

    private static void execute(ServerSettings settings, String sql) {
        String url = "jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, settings.dbUser(), "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + settings.dbHost() + ":" + settings.dbPort() + " refused '" + sql + "': "
                            + e.getMessage() + ". Is it running (pg_ctlcluster 15 main start)?",
                    e);
        }
    }
}

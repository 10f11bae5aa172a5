package dev.mcphybrid.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The IT's PostgreSQL, reached directly (not through the gateway's proxy), and the proxy's switch. */
public final class Database {

    public static final String SCHEMA = System.getProperty("it.db.schema");

    private Database() {
    }

    public static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(System.getProperty("it.db.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("it.db.user", "postgres"), "");
        try (var statement = connection.createStatement()) {
            statement.execute("set search_path to \"" + SCHEMA + "\"");
        }
        return connection;
    }

    public static long count(String sql, Object... parameters) {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            ResultSet rs = query.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a query, every column as text: for scanning what the gateway stored. */
    public static String dump(String sql) {
        StringBuilder out = new StringBuilder();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql)) {
            ResultSet rs = query.executeQuery();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(rs.getString(i)).append('|');
                }
                out.append('\n');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Runs one statement (e.g. DDL) in the gateway's schema. */
    public static void execute(String sql) {
        try (Connection db = connect(); var statement = db.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row as text, or null when there is none. */
    public static String text(String sql, Object... parameters) {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            ResultSet rs = query.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cuts (true) or restores (false) the gateway's connection to PostgreSQL. */
    public static void cutGatewayConnection(boolean cut) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(System.getProperty("it.db.proxy.control") + (cut ? "/cut" : "/restore")))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("proxy answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.ledgerline.cli.export;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads exported files the way an analyst would: DuckDB (in memory, in this JVM) over {@code read_parquet}. It is an
 * independent Parquet reader, so a file it reads right is readable by standard tools, not just by the writer's own
 * library.
 */
final class DuckDb {

    private DuckDb() {
    }

    /** {@code read_parquet('FILE')} as SQL, for use in a FROM clause. */
    static String parquet(Path file) {
        return "read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')";
    }

    /** Every row the query answers, each as its column values in order. */
    static List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}

package dev.mcphybrid.audit;

import dev.mcphybrid.audit.PartitionPlan.Range;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The partitions of {@code tool_execution} on PostgreSQL (db/vendor/postgresql/V6): lists them, creates those
 * missing ahead of time and detaches and drops those past the retention. Each change is a short transaction of its
 * own that waits at most {@link #LOCK_TIMEOUT} for its lock on the table, so a long report never makes every
 * audit write queue up behind it; a change that times out is tried again at the next round. On H2, and on a
 * PostgreSQL table nobody partitioned, {@link #partitioned} is false and nothing here is used.
 */
@ApplicationScoped
public class AuditPartitions {

    private static final Logger LOG = Logger.getLogger(AuditPartitions.class.getName());
    static final String DEFAULT_PARTITION = "tool_execution_default";
    static final String LOCK_TIMEOUT = "5s";

    /** Bounds read in the same session that prints them, so their time zone cannot be misread. */
    private static final String LIST = """
            select c.relname, b = 'DEFAULT',
                   case when m[1] like '''%' then trim(both '''' from m[1])::timestamptz end,
                   case when m[2] like '''%' then trim(both '''' from m[2])::timestamptz end
            from (select c.relname, pg_get_expr(c.relpartbound, c.oid) as b
                  from pg_inherits i join pg_class c on c.oid = i.inhrelid
                  where i.inhparent = to_regclass('tool_execution')) c
            left join lateral regexp_match(b, 'FROM \\((.*)\\) TO \\((.*)\\)') m on true""";

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    /** Whether {@code tool_execution} is a partitioned table (PostgreSQL after V6); false on H2. */
    public boolean partitioned() {
        try (Connection connection = dataSource.getConnection()) {
            if (!"PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
                return false;
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(
                         "select 1 from pg_partitioned_table where partrelid = to_regclass('tool_execution')")) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell whether tool_execution is partitioned: " + e.getMessage(), e);
        }
    }

    /** The range partitions, oldest first (the default partition is not among them). */
    public List<Range> ranges() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(LIST)) {
            List<Range> ranges = new ArrayList<>();
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    ranges.add(new Range(rs.getString(1), instant(rs.getObject(3, OffsetDateTime.class), Instant.MIN),
                            instant(rs.getObject(4, OffsetDateTime.class), Instant.MAX)));
                }
            }
            ranges.sort(java.util.Comparator.comparing(Range::from));
            return ranges;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the partitions of tool_execution: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the partitions missing for the current period and {@code ahead} more.
     * @return the names of the partitions created
     */
    public List<String> createAhead(Instant now, PartitionInterval interval, int ahead) {
        List<String> created = new ArrayList<>();
        for (Range range : PartitionPlan.missing(ranges(), now, interval, ahead)) {
            create(range);
            created.add(range.name());
        }
        return created;
    }

    /**
     * Creates one partition. Rows of its range that already sit in the default partition (written while it was
     * missing) are moved into it in the same transaction: PostgreSQL would refuse the partition otherwise.
     */
    void create(Range range) {
        inTransaction(connection -> {
            long waiting;
            try (PreparedStatement count = connection.prepareStatement(
                    "select count(*) from " + DEFAULT_PARTITION + " where started_at >= ? and started_at < ?")) {
                count.setObject(1, offset(range.from()));
                count.setObject(2, offset(range.to()));
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    waiting = rs.getLong(1);
                }
            }
            String bounds = " for values from ('" + range.from() + "') to ('" + range.to() + "')";
            try (Statement statement = connection.createStatement()) {
                if (waiting == 0) {
                    statement.execute("create table " + range.name() + " partition of tool_execution" + bounds);
                    return;
                }
                statement.execute("create table " + range.name() + " (like tool_execution including defaults including constraints)");
            }
            try (PreparedStatement move = connection.prepareStatement("with moved as (delete from " + DEFAULT_PARTITION
                    + " where started_at >= ? and started_at < ? returning *) insert into " + range.name() + " select * from moved")) {
                move.setObject(1, offset(range.from()));
                move.setObject(2, offset(range.to()));
                move.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("alter table tool_execution attach partition " + range.name() + bounds);
            }
            LOG.info(() -> "Moved " + waiting + " audit rows from " + DEFAULT_PARTITION + " into the new partition " + range.name());
        });
    }

    /**
     * Detaches and drops every partition that ends at or before {@code cutoff}, oldest first.
     * @return the names of the partitions dropped
     */
    public List<String> dropOlderThan(Instant cutoff) {
        List<String> dropped = new ArrayList<>();
        for (Range range : PartitionPlan.expired(ranges(), cutoff)) {
            inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("alter table tool_execution detach partition " + quoted(range.name()));
                    statement.execute("drop table " + quoted(range.name()));
                }
            });
            dropped.add(range.name());
        }
        return dropped;
    }

    /**
     * Deletes up to {@code batch} rows older than {@code cutoff} from the default partition, the only place rows
     * outside the dropped partitions can be.
     * @return rows deleted
     */
    public int deleteFromDefaultOlderThan(Instant cutoff, int batch) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from " + DEFAULT_PARTITION + " where ctid in "
                     + "(select ctid from " + DEFAULT_PARTITION + " where started_at < ? limit " + batch + ")")) {
            delete.setObject(1, offset(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete old rows from " + DEFAULT_PARTITION + ": " + e.getMessage(), e);
        }
    }

    /** Rows in the default partition now (that is, rows no created partition covers). */
    public long defaultRows() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from " + DEFAULT_PARTITION)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the rows of " + DEFAULT_PARTITION + ": " + e.getMessage(), e);
        }
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private void inTransaction(Work work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local lock_timeout = '" + LOCK_TIMEOUT + "'");
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Partition maintenance of tool_execution failed: " + e.getMessage(), e);
        }
    }

    /** Partitions a DBA made may have any name. */
    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static OffsetDateTime offset(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value, Instant otherwise) {
        return value == null ? otherwise : value.toInstant();
    }
}

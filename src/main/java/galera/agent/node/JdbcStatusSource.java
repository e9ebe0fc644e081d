package galera.agent.node;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import galera.agent.config.AgentConfig;
import org.mariadb.jdbc.MariaDbDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads the local mariadbd through a tiny HikariCP pool (at most 2 connections, short timeouts), two queries
 * per poll. The pool starts even when the database is down ({@code initializationFailTimeout=-1}): the agent
 * must keep running and report why it cannot reach the node.
 *
 * <p>While the pool holds no connection (mariadbd down or just started), each poll connects directly instead of
 * asking the pool. HikariCP's connection adder backs off up to 5 s between attempts while the database is down,
 * so a server that had been down for a while was seen up to 5 s after it answered; during a whole-cluster
 * recovery that delay sat between the bootstrap node becoming Primary and every joiner being started. A direct
 * attempt fails at once while nothing listens, and succeeds on the first poll after mariadbd answers.
 */
public final class JdbcStatusSource implements StatusSource {
    private static final String STATUS_SQL = "SHOW GLOBAL STATUS LIKE 'wsrep\\_%'";
    private static final String VARIABLES_SQL = "SELECT @@read_only, @@wsrep_desync, @@wsrep_reject_queries,"
            + " @@gtid_binlog_pos, @@gtid_current_pos, @@wsrep_gtid_domain_id";
    private static final String[] VARIABLE_NAMES = {"read_only", "wsrep_desync", "wsrep_reject_queries",
            "gtid_binlog_pos", "gtid_current_pos", "wsrep_gtid_domain_id"};

    private final HikariDataSource pool;
    private final MariaDbDataSource direct;
    private static final long REFUSED_RETRY_MS = 5_000;
    private SQLException lastRefused;
    private long lastRefusedNanos;
    private final LongSupplier clockMs;

    public JdbcStatusSource(AgentConfig config, LongSupplier clockMs) {
        this.clockMs = clockMs;
        try {
            this.direct = new MariaDbDataSource(jdbcUrl(config));
            direct.setUser(config.dbUser());
            direct.setPassword(config.dbPassword());
        } catch (SQLException e) {
            throw new IllegalArgumentException("bad database URL " + jdbcUrl(config) + ": " + e.getMessage(), e);
        }
        // The pool draws its connections from the same data source: one URL and one set of credentials.
        this.pool = new HikariDataSource(poolConfig(config, direct));
    }

    /**
     * The pool while it holds a connection; a direct connection while it is empty (see the class comment). A
     * refused login (wrong credentials, SQLState 28000) is not retried directly for {@link #REFUSED_RETRY_MS}:
     * each attempt writes an "Access denied" line to the server's error log.
     */
    private synchronized Connection connect() throws SQLException {
        var mx = pool.getHikariPoolMXBean();
        if (mx != null && mx.getTotalConnections() > 0) {
            return pool.getConnection();
        }
        long now = System.nanoTime();
        if (lastRefused != null && now - lastRefusedNanos < REFUSED_RETRY_MS * 1_000_000) {
            throw lastRefused;
        }
        try {
            Connection c = direct.getConnection();
            lastRefused = null;
            return c;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                lastRefused = e;
                lastRefusedNanos = now;
            }
            throw e;
        }
    }

    static HikariConfig poolConfig(AgentConfig config, MariaDbDataSource source) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("galera-agent-status");
        hc.setDataSource(source);
        hc.setMaximumPoolSize(2);
        hc.setMinimumIdle(1);
        long timeout = Math.max(250, config.dbConnectTimeoutMs());
        hc.setConnectionTimeout(timeout);
        hc.setValidationTimeout(Math.max(250, Math.min(timeout, 1000)));
        hc.setInitializationFailTimeout(-1);
        hc.setReadOnly(true);
        hc.setAutoCommit(true);
        return hc;
    }

    /** The URL carries no credentials, so it is safe to log. */
    static String jdbcUrl(AgentConfig config) {
        int timeout = (int) config.dbConnectTimeoutMs();
        String common = "sslMode=" + config.sslMode() + "&connectTimeout=" + timeout
                + "&socketTimeout=" + Math.max(2000, 2 * timeout);
        if (config.dbHost().isEmpty()) {
            return "jdbc:mariadb://localhost/?localSocket=" + config.dbSocket() + "&" + common;
        }
        return "jdbc:mariadb://" + config.dbHost() + ":" + config.dbPort() + "/?" + common;
    }

    @Override
    public NodeStatus read() {
        long start = System.nanoTime();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            Map<String, String> status = new HashMap<>();
            try (ResultSet rs = st.executeQuery(STATUS_SQL)) {
                while (rs.next()) {
                    status.put(rs.getString(1).toLowerCase(Locale.ROOT), nullToEmpty(rs.getString(2)));
                }
            }
            Map<String, String> vars = new HashMap<>();
            try (ResultSet rs = st.executeQuery(VARIABLES_SQL)) {
                if (rs.next()) {
                    for (int i = 0; i < VARIABLE_NAMES.length; i++) {
                        vars.put(VARIABLE_NAMES[i], nullToEmpty(rs.getString(i + 1)));
                    }
                }
            }
            return new NodeStatus(true, "", clockMs.getAsLong(), elapsedMs(start), status, vars);
        } catch (SQLException e) {
            return NodeStatus.unreachable(describe(e), clockMs.getAsLong(), elapsedMs(start));
        }
    }

    /** One line an operator can act on; never contains the password (the driver does not echo it). */
    static String describe(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg = msg + " (" + root.getMessage() + ")";
        }
        String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
        return msg.replace('\n', ' ') + state;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        pool.close();
    }
}

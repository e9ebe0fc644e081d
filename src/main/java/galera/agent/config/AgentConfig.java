package galera.agent.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The validated, immutable configuration. Build it with {@link ConfigLoader}; every value here has already
 * passed its check, so the rest of the agent never re-validates.
 */
public final class AgentConfig {
    private final Map<ConfigKey, String> values;

    AgentConfig(Map<ConfigKey, String> values) {
        this.values = new EnumMap<>(values);
    }

    public String get(ConfigKey key) { return values.get(key); }

    public String nodeName() { return get(ConfigKey.NODE_NAME); }
    public Path datadir() { return Path.of(get(ConfigKey.DATADIR)); }
    public String defaultsFile() { return get(ConfigKey.DEFAULTS_FILE); }
    public Path mariadbd() { return Path.of(get(ConfigKey.MARIADBD)); }
    public String dbSocket() { return get(ConfigKey.DB_SOCKET); }
    public String dbHost() { return get(ConfigKey.DB_HOST); }
    public int dbPort() { return Integer.parseInt(get(ConfigKey.DB_PORT)); }
    public String dbUser() { return get(ConfigKey.DB_USER); }
    public String dbPassword() { return get(ConfigKey.DB_PASSWORD); }
    public String sslMode() { return get(ConfigKey.SSL_MODE); }
    public long dbConnectTimeoutMs() { return Long.parseLong(get(ConfigKey.DB_CONNECT_TIMEOUT_MS)); }
    public long pollIntervalMs() { return Long.parseLong(get(ConfigKey.POLL_INTERVAL_MS)); }
    public String jolokiaHost() { return get(ConfigKey.JOLOKIA_HOST); }
    public int jolokiaPort() { return Integer.parseInt(get(ConfigKey.JOLOKIA_PORT)); }
    public String jolokiaUser() { return get(ConfigKey.JOLOKIA_USER); }
    public String jolokiaPassword() { return get(ConfigKey.JOLOKIA_PASSWORD); }
    public Path jolokiaPolicy() { return Path.of(get(ConfigKey.JOLOKIA_POLICY)); }
    public String healthHost() { return get(ConfigKey.HEALTH_HOST); }
    public int healthPort() { return Integer.parseInt(get(ConfigKey.HEALTH_PORT)); }
    public boolean availableWhenDonor() { return Boolean.parseBoolean(get(ConfigKey.AVAILABLE_WHEN_DONOR)); }
    public boolean availableWhenReadOnly() { return Boolean.parseBoolean(get(ConfigKey.AVAILABLE_WHEN_READ_ONLY)); }
    public boolean drainWhenDonor() { return Boolean.parseBoolean(get(ConfigKey.DRAIN_WHEN_DONOR)); }
    public long recvQueueLimit() { return Long.parseLong(get(ConfigKey.RECV_QUEUE_LIMIT)); }
    public int agentCheckPort() { return Integer.parseInt(get(ConfigKey.AGENT_CHECK_PORT)); }
    public String browseHost() { return get(ConfigKey.BROWSE_HOST); }
    public int browsePort() { return Integer.parseInt(get(ConfigKey.BROWSE_PORT)); }
    public String browseUser() { return get(ConfigKey.BROWSE_USER); }
    public String browsePassword() { return get(ConfigKey.BROWSE_PASSWORD); }
    public Path browsePolicy() { return Path.of(get(ConfigKey.BROWSE_POLICY)); }
    public Path maintenanceFile() { return Path.of(get(ConfigKey.MAINTENANCE_FILE)); }
    public String jmxHost() { return get(ConfigKey.JMX_HOST); }
    public int jmxPort() { return Integer.parseInt(get(ConfigKey.JMX_PORT)); }
    public Path jmxPasswordFile() { return Path.of(get(ConfigKey.JMX_PASSWORD_FILE)); }
    public Path jmxAccessFile() { return Path.of(get(ConfigKey.JMX_ACCESS_FILE)); }
    public boolean jmxSsl() { return Boolean.parseBoolean(get(ConfigKey.JMX_SSL)); }
    public Path stateDir() { return Path.of(get(ConfigKey.STATE_DIR)); }
    public java.util.List<String> clusterNodes() {
        String v = get(ConfigKey.CLUSTER_NODES);
        return v.isEmpty() ? java.util.List.of() : java.util.Arrays.stream(v.split(",")).map(String::trim).toList();
    }
    public long electionWindowMs() { return Long.parseLong(get(ConfigKey.ELECTION_WINDOW_MS)); }
    public int electionQuorum() { return Integer.parseInt(get(ConfigKey.ELECTION_QUORUM)); }
    public boolean lateNodeDiscard() { return get(ConfigKey.LATE_NODE).equals("discard"); }
    public String pacemakerAttribute() { return get(ConfigKey.PACEMAKER_ATTRIBUTE); }
    public long pacemakerTimeoutMs() { return Long.parseLong(get(ConfigKey.PACEMAKER_TIMEOUT_MS)); }
    public long mariadbdStopTimeoutMs() { return Long.parseLong(get(ConfigKey.MARIADBD_STOP_TIMEOUT_MS)); }
    public long recoverTimeoutMs() { return Long.parseLong(get(ConfigKey.RECOVER_TIMEOUT_MS)); }

    /**
     * One line per key, secrets replaced by {@code ****} (or {@code <unset>}), for the start-up log. The
     * masking is tested: a secret value must never reach a log.
     */
    public String describe() {
        return values.entrySet().stream()
                .map(e -> "  " + e.getKey().key() + " = " + shown(e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private static String shown(ConfigKey key, String value) {
        if (key.secret()) {
            return value.isEmpty() ? "<unset>" : "****";
        }
        return value.isEmpty() ? "<empty>" : value;
    }

    @Override
    public String toString() {
        return "AgentConfig[node=" + nodeName() + "]";
    }
}

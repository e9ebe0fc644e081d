package galera.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key the agent accepts, with its default and meaning.
 *
 * <p>This enum is the single source of truth: the loader validates against it, the start-up log prints it
 * (secrets masked), and docs/configuration.md is checked against it by a test so the reference cannot drift.
 * An unknown key in the file is an error, because a typo such as {@code availableWhenDoner} would otherwise
 * silently keep the default.
 */
public enum ConfigKey {
    NODE_NAME("nodeName", null, Type.NAME,
            "This node's name. Must equal the Pacemaker node name (`crm_node -n`)."),
    DATADIR("datadir", null, Type.PATH,
            "mariadbd's data directory; grastate.dat and gvwstate.dat are read from here."),
    DEFAULTS_FILE("defaultsFile", "", Type.PATH,
            "The option file mariadbd is started with (passed as `--defaults-file=`, first). Needed for "
                    + "`--wsrep-recover`. Empty: recover is unavailable."),
    MARIADBD("mariadbd", "/usr/sbin/mariadbd", Type.PATH,
            "The mariadbd binary, used for `--wsrep-recover`."),
    DB_SOCKET("dbSocket", "/run/mysqld/mysqld.sock", Type.PATH,
            "Unix socket of the local mariadbd. Used unless dbHost is set."),
    DB_HOST("dbHost", "", Type.STRING,
            "TCP host of the local mariadbd. Empty: use dbSocket."),
    DB_PORT("dbPort", "3306", Type.PORT, "TCP port of the local mariadbd, with dbHost."),
    DB_USER("dbUser", "galera_agent", Type.STRING,
            "Database user for status polling. Needs no privilege beyond USAGE."),
    DB_PASSWORD("dbPassword", "", Type.SECRET,
            "Password of dbUser. Secret: only from secretsFile or the environment."),
    SSL_MODE("sslMode", "disable", Type.SSL_MODE,
            "mariadb-java-client sslMode: disable, trust, verify-ca or verify-full. Client 4.0 defaults to "
                    + "verify-full even over a unix socket, which fails against a server without TLS."),
    DB_CONNECT_TIMEOUT_MS("dbConnectTimeoutMs", "1000", Type.MILLIS,
            "Connect and validation timeout for the status pool, in milliseconds."),
    POLL_INTERVAL_MS("pollIntervalMs", "500", Type.MILLIS,
            "How often the wsrep status is read into the cached snapshot, in milliseconds."),
    JOLOKIA_HOST("jolokiaHost", "127.0.0.1", Type.STRING, "Address Jolokia binds to."),
    JOLOKIA_PORT("jolokiaPort", "8778", Type.PORT, "Jolokia's port. 0 turns Jolokia off."),
    JOLOKIA_USER("jolokiaUser", "", Type.STRING, "Basic-auth user for Jolokia. Required when Jolokia is on."),
    JOLOKIA_PASSWORD("jolokiaPassword", "", Type.SECRET,
            "Basic-auth password for Jolokia. Secret: only from secretsFile or the environment."),
    JOLOKIA_POLICY("jolokiaPolicy", "/etc/galera-agent/jolokia-access.xml", Type.PATH,
            "Jolokia access policy, loaded as a `file:` location: a missing file denies everything."),
    BROWSE_HOST("browseHost", "127.0.0.1", Type.STRING,
            "Address of the optional browsing Jolokia endpoint (for a console such as Hawtio)."),
    BROWSE_PORT("browsePort", "0", Type.PORT,
            "Port of the optional browsing Jolokia endpoint: list and search allowed, reads of the galera MBeans, "
                    + "no operations (its policy, browsePolicy). 0: off (the default)."),
    BROWSE_USER("browseUser", "", Type.STRING,
            "Basic-auth user of the browsing endpoint; its own, not jolokiaUser. Required when browsePort is set."),
    BROWSE_PASSWORD("browsePassword", "", Type.SECRET,
            "Password of browseUser. Secret: only from secretsFile or the environment."),
    BROWSE_POLICY("browsePolicy", "/etc/galera-agent/jolokia-browse.xml", Type.PATH,
            "Jolokia access policy of the browsing endpoint, a `file:` location: a missing file denies everything."),
    HEALTH_HOST("healthHost", "127.0.0.1", Type.STRING, "Address the plain /health endpoint binds to."),
    HEALTH_PORT("healthPort", "9200", Type.PORT, "Port of the /health endpoint. 0 turns it off."),
    AVAILABLE_WHEN_DONOR("availableWhenDonor", "false", Type.BOOLEAN,
            "A node in Donor/Desynced state counts as available (Percona clustercheck's default: no)."),
    AVAILABLE_WHEN_READ_ONLY("availableWhenReadOnly", "true", Type.BOOLEAN,
            "A node with read_only=ON counts as available (Percona clustercheck's default: yes, "
                    + "AVAILABLE_WHEN_READONLY=1)."),
    DRAIN_WHEN_DONOR("drainWhenDonor", "true", Type.BOOLEAN,
            "A donor that is not available (availableWhenDonor=false) is drained, so HAProxy lets its open "
                    + "connections finish, rather than marked down."),
    RECV_QUEUE_LIMIT("recvQueueLimit", "0", Type.LIMIT,
            "Drain the node while wsrep_local_recv_queue is above this many write-sets (it is applying behind "
                    + "the cluster). 0 turns the check off."),
    AGENT_CHECK_PORT("agentCheckPort", "9201", Type.PORT,
            "Port of HAProxy's agent-check (up/drain/down/maint lines), on healthHost. 0 turns it off."),
    MAINTENANCE_FILE("maintenanceFile", "/var/lib/galera-agent/maintenance", Type.PATH,
            "While this file exists, the node is in maintenance: /health answers 503, the agent-check `maint`."),
    JMX_HOST("jmxHost", "127.0.0.1", Type.STRING, "Address the remote JMX connector binds to."),
    JMX_PORT("jmxPort", "0", Type.PORT,
            "Port of the authenticated remote JMX connector (RMI registry and server share it). 0: off."),
    JMX_PASSWORD_FILE("jmxPasswordFile", "/etc/galera-agent/jmxremote.password", Type.PATH,
            "JMX password file (`user password` lines, mode 0600). Required when jmxPort is set."),
    JMX_ACCESS_FILE("jmxAccessFile", "/etc/galera-agent/jmxremote.access", Type.PATH,
            "JMX access file (`user readonly|readwrite` lines). Required when jmxPort is set."),
    JMX_SSL("jmxSsl", "false", Type.BOOLEAN,
            "Use TLS for the remote JMX connector (keystore from the standard javax.net.ssl properties)."),
    STATE_DIR("stateDir", "/var/lib/galera-agent", Type.PATH,
            "The agent's own state: audit log, recover logs."),
    RECOVER_TIMEOUT_MS("recoverTimeoutMs", "120000", Type.MILLIS,
            "How long `mariadbd --wsrep-recover` may run before it is killed, in milliseconds."),
    CLUSTER_NODES("clusterNodes", "", Type.NODE_LIST,
            "The Pacemaker names of every Galera node, comma-separated, e.g. node1,node2,node3. The election "
                    + "waits for these and its quorum counts them; the order is the tie-break (first wins). "
                    + "Empty: this agent only observes and takes no part in recovery."),
    ELECTION_WINDOW_MS("electionWindowMs", "90000", Type.MILLIS,
            "After a whole-cluster outage, how long to wait for every node's position before electing "
                    + "among those present (the blueprint's 60-120 s), in milliseconds."),
    ELECTION_QUORUM("electionQuorum", "0", Type.COUNT,
            "How many nodes must have reported before an election after the window may bootstrap. "
                    + "0: a majority of clusterNodes."),
    LATE_NODE("lateNode", "discard", Type.LATE_NODE,
            "What a node that comes back ahead of the running cluster (or from another history) does: "
                    + "discard (move grastate.dat/gvwstate.dat aside, audit the lost range, rejoin by SST) or "
                    + "hold (stay down until an operator decides)."),
    PACEMAKER_ATTRIBUTE("pacemakerAttribute", "galera-agent", Type.NAME,
            "Name of the transient node attribute that carries this node's report (crm_mon -A shows it)."),
    PACEMAKER_TIMEOUT_MS("pacemakerTimeoutMs", "5000", Type.MILLIS,
            "Timeout of each Pacemaker command (crm_node, attrd_updater, cibadmin), in milliseconds."),
    MARIADBD_STOP_TIMEOUT_MS("mariadbdStopTimeoutMs", "120000", Type.MILLIS,
            "How long a clean stop (SIGTERM) of mariadbd may take before SIGKILL, in milliseconds. A node "
                    + "waiting for a Primary Component or an SST ignores SIGTERM."),
    SECRETS_FILE("secretsFile", "", Type.PATH,
            "A root-only (mode 0600) properties file holding dbPassword and jolokiaPassword.");

    /** What a value must look like; the loader turns a violation into an error naming the key. */
    public enum Type { NAME, NODE_LIST, STRING, PATH, PORT, MILLIS, COUNT, LIMIT, BOOLEAN, SSL_MODE, LATE_NODE, SECRET }

    private final String key;
    private final String defaultValue;
    private final Type type;
    private final String description;

    ConfigKey(String key, String defaultValue, Type type, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.type = type;
        this.description = description;
    }

    public String key() { return key; }

    /** Empty when the key is required. */
    public Optional<String> defaultValue() { return Optional.ofNullable(defaultValue); }

    public Type type() { return type; }

    public String description() { return description; }

    public boolean secret() { return type == Type.SECRET; }

    /** The environment variable that overrides this key: {@code pollIntervalMs} → {@code GALERA_AGENT_POLL_INTERVAL_MS}. */
    public String envName() {
        return "GALERA_AGENT_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}

package galera.agent.node;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One immutable snapshot of the local mariadbd, taken by {@link StatusPoller}. Readers (MBeans, /health)
 * only ever look at the latest snapshot, so a health check never costs a database query.
 *
 * <p>The raw {@code wsrep_%} status and the few variables are kept as read; the typed accessors interpret
 * them the way Galera documents them (https://galeracluster.com/library/documentation/galera-status-variables.html).
 *
 * @param reachable       whether the poll reached mariadbd at all
 * @param error           why it did not (empty when reachable)
 * @param polledAtMs      wall-clock time the poll finished, epoch milliseconds; 0 before the first poll
 * @param pollDurationMs  how long the poll took
 * @param status          {@code SHOW GLOBAL STATUS LIKE 'wsrep_%'}, by lower-case name
 * @param variables       read_only, wsrep_desync, wsrep_reject_queries, gtid_binlog_pos, gtid_current_pos,
 *                        wsrep_gtid_domain_id, by lower-case name
 */
public record NodeStatus(boolean reachable, String error, long polledAtMs, long pollDurationMs,
                         Map<String, String> status, Map<String, String> variables) {

    public NodeStatus {
        status = Map.copyOf(status);
        variables = Map.copyOf(variables);
        error = error == null ? "" : error;
    }

    /** The state before the first poll has finished. */
    public static NodeStatus notYetPolled() {
        return new NodeStatus(false, "not polled yet", 0, 0, Map.of(), Map.of());
    }

    public static NodeStatus unreachable(String error, long polledAtMs, long pollDurationMs) {
        return new NodeStatus(false, error, polledAtMs, pollDurationMs, Map.of(), Map.of());
    }

    /** wsrep_local_state: 1 Joining, 2 Donor/Desynced, 3 Joined, 4 Synced; 0 when unknown or Initialized. */
    public int localState() { return intStatus("wsrep_local_state", 0); }

    public String localStateComment() { return status.getOrDefault("wsrep_local_state_comment", reachable ? "" : "Unreachable"); }

    /** Primary, non-Primary or Disconnected. */
    public String clusterStatus() { return status.getOrDefault("wsrep_cluster_status", reachable ? "" : "Unknown"); }

    public int clusterSize() { return intStatus("wsrep_cluster_size", 0); }

    public boolean ready() { return on(status.get("wsrep_ready")); }

    /** wsrep_connected: the node has network connectivity with a cluster component. False when unreachable. */
    public boolean connected() { return reachable && on(status.get("wsrep_connected")); }

    /** wsrep_desync=ON, or Galera counts a desync (e.g. a donor's, wsrep_desync_count > 0). */
    public boolean desynced() { return on(variables.get("wsrep_desync")) || intStatus("wsrep_desync_count", 0) > 0; }

    public boolean desyncVariable() { return on(variables.get("wsrep_desync")); }

    public boolean readOnly() { return on(variables.get("read_only")); }

    /** wsrep_reject_queries: NONE, ALL or ALL_KILL. */
    public String rejectQueries() { return variables.getOrDefault("wsrep_reject_queries", ""); }

    public int localIndex() { return intStatus("wsrep_local_index", -1); }

    public String clusterStateUuid() { return status.getOrDefault("wsrep_cluster_state_uuid", ""); }

    public String localStateUuid() { return status.getOrDefault("wsrep_local_state_uuid", ""); }

    /** wsrep_last_committed; -1 when unknown. */
    public long lastCommitted() { return longStatus("wsrep_last_committed", -1); }

    public long localRecvQueue() { return longStatus("wsrep_local_recv_queue", 0); }

    public String gtidBinlogPos() { return variables.getOrDefault("gtid_binlog_pos", ""); }

    public String gtidCurrentPos() { return variables.getOrDefault("gtid_current_pos", ""); }

    public long gtidDomainId() {
        try {
            return Long.parseLong(variables.getOrDefault("wsrep_gtid_domain_id", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The sorted raw status, for the MBean's WsrepStatus attribute. */
    public Map<String, String> sortedStatus() { return new TreeMap<>(status); }

    public Optional<String> errorIfAny() { return reachable ? Optional.empty() : Optional.of(error); }

    private int intStatus(String name, int fallback) {
        return (int) longStatus(name, fallback);
    }

    private long longStatus(String name, long fallback) {
        String v = status.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static boolean on(String v) {
        return v != null && (v.equalsIgnoreCase("ON") || v.equals("1") || v.equalsIgnoreCase("true"));
    }
}

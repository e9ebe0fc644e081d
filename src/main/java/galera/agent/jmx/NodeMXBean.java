package galera.agent.jmx;

import java.util.Map;

/**
 * {@code galera:type=Node}: the local node as the agent last saw it. Every value comes from the cached
 * snapshot taken every pollIntervalMs, so reading costs no database query and is at most
 * {@code pollIntervalMs + dbConnectTimeoutMs} old (LastPollAgeMs says exactly how old).
 */
@Description("The local Galera node: wsrep state, cluster membership and the health verdict, from the agent's "
        + "cached status snapshot (no database query per read).")
public interface NodeMXBean {
    @Description("This node's name (nodeName, equal to the Pacemaker node name).")
    String getNodeName();

    @Description("True when the last poll reached mariadbd.")
    boolean isDatabaseReachable();

    @Description("True when mariadbd is reachable and wsrep_connected=ON (connected to a cluster component).")
    boolean isConnected();

    @Description("wsrep_local_state: 1 Joining, 2 Donor/Desynced, 3 Joined, 4 Synced; 0 when unknown.")
    int getLocalState();

    @Description("wsrep_local_state_comment, e.g. Synced, Donor/Desynced, Joiner; Unreachable when mariadbd is down.")
    String getLocalStateComment();

    @Description("wsrep_cluster_status: Primary, non-Primary or Disconnected; Unknown when mariadbd is down.")
    String getClusterStatus();

    @Description("wsrep_cluster_size: members of the component this node belongs to.")
    int getClusterSize();

    @Description("wsrep_ready: the node accepts queries.")
    boolean isReady();

    @Description("True when wsrep_desync=ON or Galera counts a desync (wsrep_desync_count > 0, e.g. a donor).")
    boolean isDesynced();

    @Description("read_only=ON.")
    boolean isReadOnly();

    @Description("wsrep_reject_queries: NONE, ALL or ALL_KILL.")
    String getRejectQueries();

    @Description("wsrep_local_index: this node's index in the component; -1 when unknown.")
    int getLocalIndex();

    @Description("wsrep_cluster_state_uuid: the cluster's history UUID.")
    String getClusterStateUuid();

    @Description("wsrep_last_committed: the last committed seqno; -1 when unknown.")
    long getLastCommitted();

    @Description("wsrep_local_recv_queue: write-sets waiting to be applied.")
    long getLocalRecvQueue();

    @Description("MariaDB gtid_binlog_pos, a cross-check for operators.")
    String getGtidBinlogPos();

    @Description("MariaDB gtid_current_pos, a cross-check for operators.")
    String getGtidCurrentPos();

    @Description("wsrep_gtid_domain_id; -1 when unknown.")
    long getGtidDomainId();

    @Description("Every wsrep_% status variable of the last poll.")
    Map<String, String> getWsrepStatus();

    @Description("When the last poll finished, ISO-8601 UTC; empty before the first poll.")
    String getLastPollTime();

    @Description("Milliseconds since the last poll finished; -1 before the first poll.")
    long getLastPollAgeMs();

    @Description("How long the last poll took, in milliseconds.")
    long getPollDurationMs();

    @Description("Polls since the agent started.")
    long getPollCount();

    @Description("Why the last poll failed; empty when it succeeded.")
    String getLastError();

    @Description("The health verdict: Synced, Primary, ready and not desynced (donor and read-only per the options).")
    boolean isAvailable();

    @Description("One line explaining Available, as /health reports it.")
    String getAvailabilityReason();
}

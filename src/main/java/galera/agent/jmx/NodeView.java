package galera.agent.jmx;

import galera.agent.health.HealthMonitor;
import galera.agent.node.NodeStatus;
import galera.agent.node.StatusPoller;

import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;

/** The Node MBean over the poller's latest snapshot. */
public final class NodeView implements NodeMXBean {
    private final String nodeName;
    private final StatusPoller poller;
    private final HealthMonitor health;
    private final LongSupplier clockMs;

    public NodeView(String nodeName, StatusPoller poller, HealthMonitor health, LongSupplier clockMs) {
        this.nodeName = nodeName;
        this.poller = poller;
        this.health = health;
        this.clockMs = clockMs;
    }

    private NodeStatus s() { return poller.latest(); }

    @Override public String getNodeName() { return nodeName; }
    @Override public boolean isDatabaseReachable() { return s().reachable(); }
    @Override public boolean isConnected() { return s().connected(); }
    @Override public int getLocalState() { return s().localState(); }
    @Override public String getLocalStateComment() { return s().localStateComment(); }
    @Override public String getClusterStatus() { return s().clusterStatus(); }
    @Override public int getClusterSize() { return s().clusterSize(); }
    @Override public boolean isReady() { return s().ready(); }
    @Override public boolean isDesynced() { return s().desynced(); }
    @Override public boolean isReadOnly() { return s().readOnly(); }
    @Override public String getRejectQueries() { return s().rejectQueries(); }
    @Override public int getLocalIndex() { return s().localIndex(); }
    @Override public String getClusterStateUuid() { return s().clusterStateUuid(); }
    @Override public long getLastCommitted() { return s().lastCommitted(); }
    @Override public long getLocalRecvQueue() { return s().localRecvQueue(); }
    @Override public String getGtidBinlogPos() { return s().gtidBinlogPos(); }
    @Override public String getGtidCurrentPos() { return s().gtidCurrentPos(); }
    @Override public long getGtidDomainId() { return s().gtidDomainId(); }
    @Override public Map<String, String> getWsrepStatus() { return s().sortedStatus(); }

    @Override
    public String getLastPollTime() {
        long at = s().polledAtMs();
        return at == 0 ? "" : Instant.ofEpochMilli(at).toString();
    }

    @Override
    public long getLastPollAgeMs() {
        long at = s().polledAtMs();
        return at == 0 ? -1 : clockMs.getAsLong() - at;
    }

    @Override public long getPollDurationMs() { return s().pollDurationMs(); }
    @Override public long getPollCount() { return poller.pollCount(); }
    @Override public String getLastError() { return s().error(); }
    @Override public boolean isAvailable() { return health.verdict().available(); }
    @Override public String getAvailabilityReason() { return health.verdict().reason(); }
}

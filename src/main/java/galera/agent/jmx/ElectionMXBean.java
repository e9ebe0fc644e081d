package galera.agent.jmx;

import javax.management.MBeanOperationInfo;
import java.util.List;
import java.util.Map;

/**
 * {@code galera:type=Election}: this node's part in whole-cluster recovery. The phase and its reason, the
 * election window, every node's report, the decision with its reason, and the recent history; plus the
 * operations Pacemaker's OCF agent uses (prepare, promote, demote, release, OcfStatus) and the operator's
 * (bootstrap, join, forceBootstrap, discardStaleState, planRecovery). Every operation that acts answers one
 * sentence starting with "ok:" or "refused:" ("failed:" for a discard that could not move everything aside) and
 * is audited; planRecovery only reads.
 */
@Description("Whole-cluster recovery on this node: election phase, peers' positions, the decision and its reason, "
        + "and the bootstrap/join/force/discard operations with their guardrails.")
public interface ElectionMXBean {
    @Description("OBSERVING, WAITING, ELECTED, JOIN_READY, HELD, REFUSED, STARTING, RUNNING or FAILED.")
    String getPhase();

    @Description("Why this node is in its phase, in one sentence.")
    String getPhaseReason();

    @Description("Milliseconds left in the election window while WAITING; -1 otherwise.")
    long getWindowRemainingMs();

    @Description("The last election decision: BOOTSTRAP, JOIN, WAIT or REFUSE; empty before the first.")
    String getDecision();

    @Description("The reason the election gave for its last decision.")
    String getDecisionReason();

    @Description("The bootstrap decision recorded in the CIB for this outage (node|position|time|elected or forced|by); empty if none.")
    String getBootstrapRecord();

    @Description("Every node's report as published in its Pacemaker attribute: position, safe_to_bootstrap, fitness, time, run state.")
    Map<String, String> getPeers();

    @Description("The same reports as a table, one row per node: position, seqno, safe_to_bootstrap, fitness, when it was"
            + " reported (UTC) and how many seconds ago, run state. Sorted by node.")
    List<PeerRow> getPeersTable();

    @Description("Recent recovery events, oldest first: decisions, phase changes, actions.")
    List<String> getHistory();

    @Description("The Galera nodes this election counts (clusterNodes), in tie-break order.")
    List<String> getClusterNodes();

    @Description("True while Pacemaker manages the resource on this node.")
    boolean isManaged();

    @Description("The OCF status the monitor action reports: 0 stopped (unpromoted), 7 not managed, 8 running (promoted).")
    int getOcfStatus();

    @Description("OCF start: take part in recovery for the named Pacemaker resource. mariadbd is not touched.")
    @Impact(MBeanOperationInfo.ACTION)
    String prepare(@Name("resource") @Description("The Pacemaker resource id (OCF_RESOURCE_INSTANCE without the clone suffix).") String resource);

    @Description("OCF monitor: 8 when mariadbd runs (a running node found by Pacemaker's probe is adopted for the resource), "
            + "0 when managed and stopped, 7 when not managed.")
    @Impact(MBeanOperationInfo.ACTION_INFO)
    int monitor(@Name("resource") @Description("The Pacemaker resource id.") String resource);

    @Description("OCF probe (a monitor with interval 0): the monitor, after managing the resource again when Pacemaker "
            + "stopped it here only because this node had lost quorum and the node is quorate and not in standby now.")
    @Impact(MBeanOperationInfo.ACTION_INFO)
    int probe(@Name("resource") @Description("The Pacemaker resource id.") String resource);

    @Description("OCF promote: start mariadbd, bootstrapping if this node is elected, joining if a Primary Component exists. Refused otherwise.")
    @Impact(MBeanOperationInfo.ACTION)
    String promote();

    @Description("OCF demote: stop mariadbd cleanly (SIGTERM; SIGKILL after mariadbdStopTimeoutMs).")
    @Impact(MBeanOperationInfo.ACTION)
    String demote();

    @Description("OCF stop: stop mariadbd if it runs and stop taking part in recovery.")
    @Impact(MBeanOperationInfo.ACTION)
    String release();

    @Description("Bootstrap a new Primary Component here, only if this node is the elected one; otherwise refused with the reason.")
    @Impact(MBeanOperationInfo.ACTION)
    String bootstrap();

    @Description("Join the running Primary Component; refused when none exists or this node is a stale late node.")
    @Impact(MBeanOperationInfo.ACTION)
    String join();

    @Description("Operator override: bootstrap here even though the election waits or refuses. Refused while a Primary Component "
            + "exists. The answer names every node ahead of this one and the transactions that will be lost.")
    @Impact(MBeanOperationInfo.ACTION)
    String forceBootstrap(@Name("confirmNodeName") @Description("Type this node's name to confirm.") String confirmNodeName);

    @Description("Move grastate.dat, gvwstate.dat and galera.cache to stateDir/aside (never deleted) so that this node "
            + "rejoins by full SST; records the discarded position. Refused while mariadbd runs.")
    @Impact(MBeanOperationInfo.ACTION)
    String discardStaleState(@Name("confirmNodeName") @Description("Type this node's name to confirm.") String confirmNodeName);

    @Description("Dry run: who would win now, who would need IST or SST, who is ahead of the Primary, who is missing.")
    @Impact(MBeanOperationInfo.INFO)
    String planRecovery();
}

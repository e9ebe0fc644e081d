package galera.agent.jmx;

import javax.management.MBeanOperationInfo;

/**
 * {@code galera:type=Position}: the node's Galera position (history UUID and seqno), with its source. Read
 * live from a running server, from grastate.dat after a clean stop, or from {@code mariadbd --wsrep-recover}
 * after a crash (only through the recoverPosition operation: recovery starts InnoDB and is never a side effect
 * of a read).
 */
@Description("The node's Galera position (cluster UUID + seqno), safe_to_bootstrap, and where they came from.")
public interface PositionMXBean {
    @Description("UUID:SEQNO, the form --wsrep-start-position takes; empty when unknown.")
    String getPosition();

    @Description("Cluster state UUID (the history); empty when unknown.")
    String getUuid();

    @Description("Last committed seqno; -1 when unknown.")
    long getSeqno();

    @Description("safe_to_bootstrap from grastate.dat: Galera marks the node that left the Primary Component last.")
    boolean isSafeToBootstrap();

    @Description("Where the position came from: LIVE, GRASTATE, WSREP_RECOVER or NONE.")
    String getSource();

    @Description("A sentence on the source, or what is missing and what to do.")
    String getDetail();

    @Description("Result of the last recoverPosition, with its log file; empty if none ran since the server stopped.")
    String getLastRecover();

    @Description("Runs mariadbd --wsrep-recover with the node's own options and reports the recovered position. "
            + "Refused while mariadbd runs. Takes about a second; writes a log under stateDir.")
    @Impact(MBeanOperationInfo.ACTION_INFO)
    String recoverPosition();
}

package galera.agent.jmx;

import galera.agent.election.Unfitness;
import galera.agent.pacemaker.PeerState;

import javax.management.ConstructorParameters;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * One row of the Election MBean's peer table: a node's published report, field by field, with its time as a UTC
 * instant and its age, where the raw {@code Peers} attribute shows the attribute string Pacemaker holds. JConsole
 * shows a list of these as a table (open type CompositeData[]).
 */
public final class PeerRow {
    private final String node;
    private final String position;
    private final long seqno;
    private final boolean safeToBootstrap;
    private final String fitness;
    private final String reportedAt;
    private final long ageSeconds;
    private final String state;

    @ConstructorParameters({"node", "position", "seqno", "safeToBootstrap", "fitness", "reportedAt", "ageSeconds", "state"})
    public PeerRow(String node, String position, long seqno, boolean safeToBootstrap, String fitness, String reportedAt,
                   long ageSeconds, String state) {
        this.node = node;
        this.position = position;
        this.seqno = seqno;
        this.safeToBootstrap = safeToBootstrap;
        this.fitness = fitness;
        this.reportedAt = reportedAt;
        this.ageSeconds = ageSeconds;
        this.state = state;
    }

    /** The row for {@code node}'s report, aged against {@code nowMs}. */
    public static PeerRow of(String node, PeerState p, long nowMs) {
        var r = p.report();
        return new PeerRow(node, r.position().toString(), r.position().seqno(), r.safeToBootstrap(),
                r.unfit().isEmpty() ? "fit" : r.unfit().stream().map(Unfitness::name).sorted().collect(Collectors.joining(",")),
                Instant.ofEpochMilli(r.reportedAtMs()).toString(), Math.max(0, (nowMs - r.reportedAtMs()) / 1000),
                p.state().name());
    }

    /** The node's name in the cluster. */
    public String getNode() { return node; }
    /** Cluster UUID and seqno, as published. */
    public String getPosition() { return position; }
    /** The seqno alone; -1 when unknown. */
    public long getSeqno() { return seqno; }
    /** safe_to_bootstrap from the node's grastate.dat. */
    public boolean isSafeToBootstrap() { return safeToBootstrap; }
    /** "fit", or why the node may not win an election (NO_GRASTATE, SST_ABORTED, NOT_STARTED, ...). */
    public String getFitness() { return fitness; }
    /** When the node published this report (UTC). */
    public String getReportedAt() { return reportedAt; }
    /** Seconds since then, at the time of reading. A running node republishes its seqno alone only every 30 s. */
    public long getAgeSeconds() { return ageSeconds; }
    /** STOPPED (the position it will start from), STARTING, or PRIMARY. */
    public String getState() { return state; }
}

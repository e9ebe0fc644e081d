package galera.agent.jmx;

import galera.agent.audit.Audit;
import galera.agent.election.Position;
import galera.agent.position.PositionReport;
import galera.agent.position.PositionTracker;
import galera.agent.position.WsrepRecover;

/** The Position MBean over the {@link PositionTracker}. */
public final class PositionView implements PositionMXBean {
    private final PositionTracker tracker;
    private final Audit audit;

    public PositionView(PositionTracker tracker, Audit audit) {
        this.tracker = tracker;
        this.audit = audit;
    }

    private PositionReport r() { return tracker.current(); }

    @Override public String getPosition() { return r().known().map(Position::toString).orElse(""); }
    @Override public String getUuid() { return r().known().map(Position::clusterUuid).orElse(""); }
    @Override public long getSeqno() { return r().known().map(Position::seqno).orElse(-1L); }
    @Override public boolean isSafeToBootstrap() { return r().safeToBootstrap(); }
    @Override public String getSource() { return r().source().name(); }
    @Override public String getDetail() { return r().detail(); }

    @Override
    public String getLastRecover() {
        WsrepRecover.Result last = tracker.lastRecover();
        if (last == null) {
            return "";
        }
        return (last.ok() ? "recovered " + last.position() : "failed: " + last.error())
                + " in " + last.durationMs() + " ms" + (last.log() == null ? "" : ", log " + last.log())
                + (last.note().isEmpty() ? "" : "; " + last.note());
    }

    @Override
    public String recoverPosition() {
        String result = tracker.recover();
        audit.record("recoverPosition", result);
        return result;
    }
}

package galera.agent.position;

import galera.agent.election.Position;

import galera.agent.node.NodeStatus;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Knows the node's position: live from the running server; from grastate.dat when stopped; from the last
 * {@code --wsrep-recover} when grastate.dat says seqno -1. Reading never runs recover: recover is an
 * explicit operation ({@link #recover()}), because it starts InnoDB on the datadir.
 */
public final class PositionTracker {
    private static final Logger LOG = LogManager.getLogger(PositionTracker.class);

    private final Path datadir;
    private final String defaultsFile;
    private final Supplier<NodeStatus> status;
    private final MariadbdProcess process;
    private final WsrepRecover recover;
    private final LongSupplier clockMs;
    private final AtomicReference<WsrepRecover.Result> lastRecover = new AtomicReference<>();

    public PositionTracker(Path datadir, String defaultsFile, Supplier<NodeStatus> status, MariadbdProcess process,
                           WsrepRecover recover, LongSupplier clockMs) {
        this.datadir = datadir;
        this.defaultsFile = defaultsFile;
        this.status = status;
        this.process = process;
        this.recover = recover;
        this.clockMs = clockMs;
    }

    public PositionReport current() {
        long now = clockMs.getAsLong();
        NodeStatus s = status.get();
        Grastate grastate = null;
        String grastateError = "";
        try {
            grastate = Grastate.read(datadir);
        } catch (GrastateException e) {
            grastateError = e.getMessage();
        }
        boolean safe = grastate != null && grastate.safeToBootstrap();
        if (s.reachable() && !s.localStateUuid().isEmpty()) {
            lastRecover.set(null); // a recovered position is only valid for the stop it was taken in
            try {
                Position live = new Position(s.localStateUuid(), Math.max(-1, s.lastCommitted()));
                return new PositionReport(live, safe, PositionSource.LIVE, "live wsrep status of the running server", now);
            } catch (IllegalArgumentException e) {
                return new PositionReport(null, safe, PositionSource.NONE, "live status has no valid UUID: " + e.getMessage(), now);
            }
        }
        if (grastate == null) {
            return new PositionReport(null, false, PositionSource.NONE, grastateError, now);
        }
        if (grastate.position().isSeqnoKnown()) {
            return new PositionReport(grastate.position(), safe, PositionSource.GRASTATE,
                    "grastate.dat of a cleanly stopped server", now);
        }
        WsrepRecover.Result r = lastRecover.get();
        if (r != null && r.ok()) {
            return new PositionReport(r.position(), safe, PositionSource.WSREP_RECOVER,
                    "mariadbd --wsrep-recover (" + r.log() + ")", now);
        }
        String why = r != null ? "last recover failed: " + r.error() : "run the recoverPosition operation";
        return new PositionReport(grastate.position(), safe, PositionSource.NONE,
                "grastate.dat has seqno -1 (crash or running server); " + why, now);
    }

    /**
     * Runs {@code mariadbd --wsrep-recover} once. Refused while the server process runs (it would hang and
     * fail on a live datadir). Returns a sentence for the operator.
     */
    public synchronized String recover() {
        var pid = process.find(defaultsFile, datadir);
        if (pid.isPresent()) {
            return "refused: mariadbd (pid " + pid.get() + ") is running on " + datadir
                    + "; its live position is " + current().known().map(Position::toString).orElse("unknown");
        }
        try {
            WsrepRecover.Result r = recover.run();
            lastRecover.set(r);
            if (r.ok()) {
                LOG.info("wsrep-recover: position {} in {} ms (log {}){}", r.position(), r.durationMs(), r.log(),
                        r.note().isEmpty() ? "" : "; " + r.note());
            } else {
                LOG.warn("wsrep-recover found no position: {}", r.error());
            }
            return describe(r);
        } catch (IOException e) {
            LOG.warn("wsrep-recover could not run: {}", e.getMessage());
            return "failed: cannot run " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        }
    }

    /**
     * The automatic recover after a crash: the result this stop already has (the early one of
     * {@link #recoverEarlyIfCrashed}, or an operator's), failed or not, else one run. The lock makes a caller
     * that comes while a run is under way wait for that run, not start another; a failure is not run again
     * automatically (an operator's {@link #recover} does), so that a recover that timed out is not waited for
     * twice.
     */
    public synchronized String recoverOnce() {
        WsrepRecover.Result r = lastRecover.get();
        return r == null ? recover() : describe(r);
    }

    /** A recover's outcome, as a sentence for the operator. */
    private static String describe(WsrepRecover.Result r) {
        return r.ok() ? "recovered position " + r.position() + " in " + r.durationMs() + " ms"
                + (r.note().isEmpty() ? "" : "; " + r.note()) : "failed: " + r.error();
    }

    /**
     * Forgets the recovered position: mariadbd ran since it was taken (started, and stopped or died again before
     * its live status was ever read), so it no longer describes the datadir.
     */
    public void forgetRecovered() {
        lastRecover.set(null);
    }

    /**
     * At the agent's start, before anything else is set up: when this node's mariadbd is not running and its
     * grastate.dat says it crashed (seqno -1), {@link #recoverOnce} on its own thread. After a power cut every
     * node's election waits for this position, and the agent's start-up before its first tick (the pool's first
     * connect, the MBeans) took 1-2 s on a node that boots with everything else: the recover no longer waits
     * for it. Should the first tick take the lock first, it runs the recover and this thread finds it done.
     * The caller decides whether this node's datadir may be touched at all (only where Pacemaker manages the
     * resource).
     *
     * @return whether a recover was started
     */
    public boolean recoverEarlyIfCrashed() {
        try {
            if (Grastate.read(datadir).position().isSeqnoKnown()) {
                return false;
            }
        } catch (GrastateException e) {
            return false; // the first tick reports it
        }
        if (process.find(defaultsFile, datadir).isPresent()) {
            return false;
        }
        Thread t = new Thread(this::recoverOnce, "wsrep-recover");
        t.setDaemon(true);
        t.start();
        return true;
    }

    public WsrepRecover.Result lastRecover() { return lastRecover.get(); }
}

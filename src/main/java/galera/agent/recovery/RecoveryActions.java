package galera.agent.recovery;

import galera.agent.election.Decision;
import galera.agent.election.Election;
import galera.agent.election.ElectionInput;
import galera.agent.election.Plan;
import galera.agent.election.Position;
import galera.agent.io.AtomicFiles;
import galera.agent.pacemaker.PacemakerException;
import galera.agent.pacemaker.PeerState;
import galera.agent.server.ServerControl;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What Pacemaker (through the OCF agent) and operators (through JMX or Jolokia) ask of recovery. Every action
 * re-evaluates first, acts only when the rules allow it, and answers one sentence that starts with
 * {@code ok:} or {@code refused:} so that a script can tell them apart. Every action is audited.
 *
 * <p>The actions that start or stop mariadbd run one at a time (synchronized): a Pacemaker action whose call
 * timed out may still be running here when the next one arrives, and two stops or a start beside a stop must
 * never interleave. The monitor and the status reads never wait for them (a probe does, in the rare case that it
 * resumes a node stopped for quorum loss; no long action runs on a node that is not managed).
 */
public final class RecoveryActions {
    private static final Logger LOG = LogManager.getLogger(RecoveryActions.class);

    /** OCF exit codes (OCF resource agent API 1.1). */
    public static final int OCF_SUCCESS = 0;
    public static final int OCF_ERR_GENERIC = 1;
    public static final int OCF_NOT_RUNNING = 7;
    public static final int OCF_RUNNING_PROMOTED = 8;

    private final Recovery recovery;
    private final Path statusFile;
    private final Executor ticker;

    public RecoveryActions(Recovery recovery) {
        this(recovery, null);
    }

    /** With {@code statusFile}, every action rewrites the file the OCF agent's recurring monitors read. */
    public RecoveryActions(Recovery recovery, Path statusFile) {
        this(recovery, statusFile, Runnable::run);
    }

    /**
     * @param ticker the agent's recovery thread, which runs {@link #tickAndRecord} (a start answers Pacemaker
     *               without waiting for it)
     */
    public RecoveryActions(Recovery recovery, Path statusFile, Executor ticker) {
        this.recovery = recovery;
        this.statusFile = statusFile;
        this.ticker = ticker;
    }

    /**
     * The agent's periodic tick: the resume check of a node waiting, stopped for quorum loss, for Pacemaker's probe
     * ({@link Recovery#checkResume}, outside the recovery's lock), then the tick.
     */
    public void periodicTick() {
        recovery.checkResume();
        tickAndRecord();
    }

    /** One recovery tick, then the status file the OCF monitors read: what the recovery thread runs. */
    public void tickAndRecord() {
        try {
            recovery.tick();
            refreshStatusFile();
        } catch (RuntimeException e) {
            LOG.error("recovery tick failed", e);
        }
    }

    /** {@link #tickAndRecord} on the recovery thread, soon. */
    public void tickSoon() {
        try {
            ticker.execute(this::tickAndRecord);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * Pacemaker runs a monitor right after every action; if the status file still said what was true before
     * the action (the tick rewrites it only every 1-5 s), a promote would be answered "unpromoted" and
     * Pacemaker would recover the resource for nothing. Every action therefore refreshes it before answering.
     */
    private String audited(String action, String outcome) {
        recovery.audit().record(action, outcome);
        refreshStatusFile();
        return outcome;
    }

    private void refreshStatusFile() {
        if (statusFile != null) {
            writeStatusFile(statusFile, recovery.nowMs());
        }
    }

    private void refreshStatusFile(int code) {
        if (statusFile != null) {
            writeStatusFile(statusFile, recovery.nowMs(), code);
        }
    }

    /** OCF start: take part in recovery for {@code resource}; mariadbd stays as it is. */
    public synchronized String prepare(String resource) {
        try {
            recovery.managedState().manage(resource);
        } catch (IOException e) {
            return audited("prepare", "refused: cannot record the managed state: " + e.getMessage());
        }
        recovery.forgetScore();
        // The start answers at once and the tick that publishes and scores this node runs beside it: a start on
        // the path to a promotion (the last node up before an outage, which Pacemaker stopped when it lost
        // quorum, is started first, and the clone's promotions wait for its start) was a tick longer, about 1 s
        // on a recovering node. Nothing here needs the tick: the status a monitor reads is "managed, stopped"
        // from now on, and a promote ticks afresh before it acts.
        tickSoon();
        return audited("prepare", "ok: managing " + resource + "; the election state follows on galera:type=Election");
    }

    /** OCF stop: stop mariadbd if it runs, withdraw the attribute and the score, stop taking part. */
    public synchronized String release() {
        // Asked before the stop, which may take a while: the stop Pacemaker orders on a node that has just lost
        // quorum (no-quorum-policy=stop) is remembered, so that its next probe with quorum may resume it.
        boolean quorumLost = recovery.managedState().managed() && stopIsForQuorumLoss();
        String stopped = stopServer();
        try {
            if (recovery.managedState().managed()) {
                recovery.pacemaker().promotionScore(recovery.managedState().resource(), recovery.settings().self(), Recovery.SCORE_NONE);
            }
            recovery.pacemaker().withdraw(recovery.settings().attribute());
            if (quorumLost) {
                recovery.managedState().releaseForQuorumLoss();
            } else {
                recovery.managedState().release();
            }
        } catch (PacemakerException | IOException e) {
            return audited("release", "refused: " + stopped + "; but " + e.getMessage());
        }
        recovery.forgetScoreWrittenOutsideTick(); // its removal may still be in attrd
        recovery.tick();
        return audited("release", "ok: " + stopped + "; no longer managed" + (quorumLost ? " (stopped while this node"
                + " had no quorum: Pacemaker's next probe with quorum resumes it, without a start)" : ""));
    }

    /** True only when Pacemaker says so (no quorum, no-quorum-policy=stop); an unanswered question is not a "yes". */
    private boolean stopIsForQuorumLoss() {
        try {
            return recovery.pacemaker().stopIsForQuorumLoss();
        } catch (PacemakerException e) {
            return false;
        }
    }

    /**
     * The probe's half of a stop for quorum loss. Pacemaker stops the resource on a node that loses quorum; the
     * last survivor of a staggered power cut goes down that way, and comes back "not running" to Pacemaker's
     * probe, while the nodes that crashed come back managed ("running, unpromoted"). Pacemaker then starts the
     * survivor first, and orders every promotion of the clone after that start: the start sat on the path to the
     * first Primary (0.6 s on the lab, more on a loaded node). A node that was stopped only because it had no
     * quorum is resumed instead when a probe finds it quorate again: it answers as the crashed nodes do, and
     * Pacemaker, which would have started it there anyway, promotes at once. Only a probe resumes (not a
     * recurring monitor, nor an operator's debug-monitor), and only when nothing in the CIB speaks against the
     * node running it ({@link galera.agent.pacemaker.Pacemaker#whyNotResume}): no quorum, standby, a ban, a
     * disabled resource, or a constraint the agent does not evaluate each leave the node to Pacemaker's start.
     */
    private synchronized void resumeAfterQuorumLoss(String resource) {
        ManagedState state = recovery.managedState();
        if (state.managed() || !state.stoppedForQuorumLoss().map(resource::equals).orElse(false)) {
            return;
        }
        // The waiting node's own tick asked a moment ago (Recovery.checkResume): a yes is taken as it is.
        java.util.OptionalLong recent = recovery.recentResumeCheckAge(resource);
        recovery.probed();
        try {
            Optional<String> why = recent.isPresent() ? Optional.empty() : recovery.pacemaker().whyNotResume(resource);
            if (why.isPresent()) {
                recovery.event("Pacemaker probed " + resource + " after stopping it here for quorum loss; not taking it"
                        + " back by itself: " + why.get() + ". Pacemaker starts it here if and when it wants it.");
                return;
            }
            state.manage(resource);
        } catch (PacemakerException | IOException e) {
            recovery.event("could not resume " + resource + " after the stop for quorum loss: " + e.getMessage());
            return;
        }
        recovery.forgetScore();
        recovery.event("Pacemaker probed " + resource + " with quorum back, after stopping it here for quorum loss:"
                + " managing it again (answered running, unpromoted: no start needed)"
                + (recent.isPresent() ? "; quorum and the CIB as this node's tick read them " + recent.getAsLong() + " ms before" : ""));
        recovery.audit().record("resume", "ok: Pacemaker probed " + resource + " after its stop for quorum loss");
        tickSoon();
    }

    /** OCF promote: start mariadbd, bootstrapping if this node was elected, joining if a Primary exists. */
    public synchronized String promote() {
        long seen = recovery.ticksStarted(); // on arrival, before waiting for the recovery's lock
        ServerControl server = recovery.server();
        Optional<Long> pid;
        Phase phase;
        Position mine;
        // The fresh look and what this action reads of it, in one hold of the recovery's lock: the periodic tick,
        // due at any moment, used to slip in between and hold this promote up for its whole length (0.4 s, seen
        // on the lab, on the path to the first Primary).
        // A tick that began after this promote arrived (the periodic one, which this promote may have waited for)
        // looked as freshly as this one's own would: it is not repeated (0.45 s on a loaded node).
        synchronized (recovery) {
            if (recovery.ticksStarted() == seen) {
                recovery.tick();
            }
            pid = server.pid();
            phase = recovery.phase();
            mine = recovery.positions().current().known().orElse(null);
        }
        if (pid.isPresent()) {
            return audited("promote", "ok: mariadbd already runs (pid " + pid.get() + ")");
        }
        try {
            if (phase == Phase.ELECTED) {
                server.markSafeToBootstrap();
                long started = server.start(ServerControl.Mode.BOOTSTRAP, mine);
                Epoch epoch = new Epoch(mine, recovery.nowMs(), recovery.settings().self());
                try {
                    // Replaced only here, by the one node the bootstrap record names.
                    recovery.pacemaker().deleteOnce(Epoch.SET_ID);
                    recovery.pacemaker().createOnce(Epoch.SET_ID, Epoch.NAME, epoch.encode());
                    epoch.store(recovery.settings().epochFile());
                } catch (PacemakerException e) {
                    recovery.event("could not record the new epoch (late nodes are then checked by seqno only): " + e.getMessage());
                }
                recovery.event("bootstrapping a new Primary Component from " + mine + " (pid " + started + ")");
                // Publish STARTING now rather than at the next tick (the other nodes start alongside as soon as
                // they see it, Recovery#joinAlongside), but on the recovery thread: Pacemaker's transition goes on
                // once this action answers, and this action's thread has nothing left to judge.
                tickSoon();
                return audited("bootstrap", "ok: bootstrapping from " + mine + " (pid " + started + ")");
            }
            if (phase == Phase.JOIN_READY) {
                Position from = recovery.positions().current().known().filter(p -> !p.isZeroUuid()).orElse(null);
                // A joiner must never form a Primary Component: with pc.recovery (Galera's default), nodes that
                // find each other with the same saved view in gvwstate.dat restore it as Primary by themselves,
                // at their own older positions. Without the file a joiner can only merge into a running one.
                Optional<Path> saved = server.moveAside(ServerControl.GVWSTATE, "join");
                saved.ifPresent(p -> recovery.event("moved gvwstate.dat aside to " + p
                        + " before joining: a joiner must not restore its saved view as a Primary Component"));
                long started = server.start(ServerControl.Mode.JOIN, from);
                recovery.event("joining the Primary Component from " + (from == null ? "no position (full SST)" : from)
                        + " (pid " + started + ")");
                return audited("join", "ok: joining from " + (from == null ? "no position (full SST)" : from) + " (pid " + started + ")");
            }
        } catch (IOException e) {
            return audited("promote", "refused: cannot start mariadbd: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "refused: interrupted";
        }
        return audited("promote", "refused: phase " + phase + ": " + recovery.reason());
    }

    /** OCF demote: stop mariadbd cleanly (SIGTERM, SIGKILL after the timeout). */
    public synchronized String demote() {
        String outcome = stopServer();
        recovery.tick();
        return audited("demote", "ok: " + outcome);
    }

    private String stopServer() {
        try {
            return recovery.server().stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while stopping mariadbd";
        }
    }

    /**
     * OCF probe (a monitor with interval 0, which Pacemaker runs where it does not know the resource's state): the
     * monitor, after resuming a node that Pacemaker stopped here only for quorum loss ({@link #resumeAfterQuorumLoss}).
     */
    public int probe(String resource) {
        if (resource != null && !resource.isBlank() && recovery.managedState().stoppedForQuorumLoss().isPresent()
                && recovery.server().pid().isEmpty()) {
            resumeAfterQuorumLoss(resource);
        }
        return monitor(resource);
    }

    /**
     * OCF monitor for {@code resource}: the real state, answered from memory plus one /proc scan. A mariadbd
     * that runs is reported as promoted (8) even before any start, so that Pacemaker's first probe adopts a
     * Galera node that was already running, and from then on this agent takes part for that resource.
     */
    public int monitor(String resource) {
        boolean running = recovery.server().pid().isPresent(); // one /proc scan per monitor, not two
        if (running) {
            if (!recovery.managedState().managed() && resource != null && !resource.isBlank()) {
                try {
                    recovery.managedState().manage(resource);
                    // The score must be in the CIB before Pacemaker acts on this probe's result: an instance
                    // found promoted without a promotion score is demoted (mariadbd stopped) at once. attrd holds
                    // scores back for a moment (PacemakerCli.SCORE_DAMPENING), so the probe answers only once the
                    // score is there.
                    recovery.pacemaker().promotionScore(resource, recovery.settings().self(), Recovery.SCORE_JOIN);
                    awaitScore(resource, Recovery.SCORE_JOIN);
                    recovery.forgetScore(); // the CIB shows it: the next tick finds it there
                    recovery.event("Pacemaker found mariadbd running here: managing it as " + resource);
                    recovery.audit().record("adopt", "ok: Pacemaker probed " + resource + " and found mariadbd running");
                } catch (IOException | PacemakerException e) {
                    recovery.event("could not adopt the running mariadbd for " + resource + ": " + e.getMessage());
                    return OCF_ERR_GENERIC;
                }
            }
        }
        int code = code(running);
        refreshStatusFile(code);
        return code;
    }

    /** Waits (at most 5 s) until the CIB shows this node's promotion score of {@code resource} at {@code score}. */
    private void awaitScore(String resource, int score) throws PacemakerException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (recovery.pacemaker().promotionScoreOf(resource, recovery.settings().self()).orElse(Integer.MIN_VALUE) != score) {
            if (System.nanoTime() > deadline) {
                throw new PacemakerException("the promotion score " + score + " did not reach the CIB within 5 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PacemakerException("interrupted while waiting for the promotion score");
            }
        }
    }

    /**
     * The monitor's answer without side effects: 7 not managed, 0 managed and stopped (unpromoted), 8 mariadbd
     * runs (promoted).
     */
    public int ocfStatus() {
        return code(recovery.server().pid().isPresent());
    }

    private int code(boolean running) {
        if (running) {
            return OCF_RUNNING_PROMOTED;
        }
        return recovery.managedState().managed() ? OCF_SUCCESS : OCF_NOT_RUNNING;
    }

    /**
     * Writes {@code "<ocf status> <epoch seconds>"} for the OCF agent's recurring monitors, which read it with
     * shell builtins instead of starting curl (about 30 ms of CPU saved per monitor). The probe and any
     * monitor that finds the file older than a few ticks still ask the agent itself.
     */
    public void writeStatusFile(Path file, long nowMs) {
        writeStatusFile(file, nowMs, ocfStatus());
    }

    private void writeStatusFile(Path file, long nowMs, int code) {
        try {
            AtomicFiles.replace(file, code + " " + nowMs / 1000 + "\n");
        } catch (IOException e) {
            LOG.warn("cannot write {}: {} (the OCF monitor then asks the agent directly)", file, e.toString());
        }
    }

    // ---- operators ----

    /** bootstrap(): only the elected node; under Pacemaker it raises the score and lets Pacemaker promote. */
    public synchronized String bootstrap() {
        recovery.tick();
        if (recovery.phase() == Phase.ELECTED) {
            return audited("bootstrap", recovery.managedState().managed()
                    ? "ok: this node is elected; Pacemaker promotes it (promotion score " + Recovery.SCORE_BOOTSTRAP + ")"
                    : promote());
        }
        return audited("bootstrap", "refused: this node is not the elected one: " + recovery.reason());
    }

    /** join(): only when a Primary Component exists and this node is not a stale late node. */
    public synchronized String join() {
        recovery.tick();
        if (recovery.phase() == Phase.JOIN_READY) {
            return audited("join", recovery.managedState().managed()
                    ? "ok: a Primary Component exists; Pacemaker promotes this node to join it" : promote());
        }
        return audited("join", "refused: phase " + recovery.phase() + ": " + recovery.reason());
    }

    /**
     * forceBootstrap(confirmNodeName): the operator's override when the election waits or refuses. Never while
     * a Primary Component exists (that would make two). Says exactly what is lost: every node ahead of this
     * one in the same history, by how many transactions, and every node of another history.
     */
    public synchronized String forceBootstrap(String confirmNodeName) {
        String self = recovery.settings().self();
        if (!self.equals(confirmNodeName)) {
            return audited("forceBootstrap", "refused: the confirmation '" + confirmNodeName
                    + "' is not this node's name '" + self + "'");
        }
        recovery.tick();
        Map<String, PeerState> peers = recovery.peers();
        Optional<String> primary = peers.entrySet().stream().filter(e -> e.getValue().state() == PeerState.RunState.PRIMARY)
                .map(Map.Entry::getKey).findFirst();
        if (primary.isPresent()) {
            return audited("forceBootstrap", "refused: " + primary.get() + " is in a running Primary Component; "
                    + "bootstrapping here would make a second one. Use join instead");
        }
        if (recovery.server().pid().isPresent()) {
            return audited("forceBootstrap", "refused: mariadbd already runs on this node");
        }
        Position mine = recovery.positions().current().known().orElse(null);
        if (mine == null || mine.isZeroUuid() || !mine.isSeqnoKnown()) {
            return audited("forceBootstrap", "refused: this node has no usable position (" + mine
                    + "); run recoverPosition first");
        }
        String loss = lossIfBootstrapping(mine, peers);
        try {
            recovery.pacemaker().deleteOnce(BootstrapRecord.SET_ID);
            BootstrapRecord r = new BootstrapRecord(self, mine, recovery.nowMs(), true, self);
            if (!recovery.pacemaker().createOnce(BootstrapRecord.SET_ID, BootstrapRecord.NAME, r.encode())) {
                // An agent recorded an election between the delete and this create: that record stands (its
                // agent may already have set the scores with it). The operator sees it and decides again.
                String other = recovery.pacemaker().readOnce(BootstrapRecord.SET_ID, BootstrapRecord.NAME)
                        .flatMap(BootstrapRecord::decode).map(x -> x.node() + " from " + x.position()).orElse("another node");
                recovery.tick();
                return audited("forceBootstrap", "refused: a decision was recorded at the same moment (" + other
                        + " bootstraps); it stands. See galera:type=Election, and force again if this node must still win");
            }
        } catch (PacemakerException e) {
            return audited("forceBootstrap", "refused: cannot record the decision: " + e.getMessage());
        }
        recovery.event("operator forced a bootstrap of " + self + " from " + mine + "; " + loss);
        recovery.tick();
        String outcome = "ok: forced bootstrap of " + self + " from " + mine + ". " + loss;
        if (!recovery.managedState().managed()) {
            outcome += " " + promote();
        }
        return audited("forceBootstrap", outcome);
    }

    static String lossIfBootstrapping(Position mine, Map<String, PeerState> peers) {
        StringBuilder loss = new StringBuilder();
        for (Map.Entry<String, PeerState> e : peers.entrySet()) {
            Position p = e.getValue().report().position();
            if (p.sameHistory(mine) && p.isSeqnoKnown() && p.seqno() > mine.seqno()) {
                loss.append(e.getKey()).append(" is ahead at ").append(p).append(": ").append(p.seqno() - mine.seqno())
                        .append(" transactions (seqno ").append(mine.seqno() + 1).append("..").append(p.seqno())
                        .append(") will be lost when it rejoins. ");
            } else if (!p.isZeroUuid() && !p.clusterUuid().equals(mine.clusterUuid())) {
                loss.append(e.getKey()).append(" has another history (").append(p)
                        .append("): all of it will be replaced by SST. ");
            }
        }
        return loss.length() == 0 ? "No known node is ahead of this one: nothing is lost."
                : "WHAT WILL BE LOST: " + loss.toString().strip();
    }

    /**
     * discardStaleState(confirmNodeName): move galera.cache, gvwstate.dat and grastate.dat aside so the node rejoins
     * by SST.
     */
    public synchronized String discardStaleState(String confirmNodeName) {
        String self = recovery.settings().self();
        if (!self.equals(confirmNodeName)) {
            return audited("discardStaleState", "refused: the confirmation '" + confirmNodeName
                    + "' is not this node's name '" + self + "'");
        }
        if (recovery.server().pid().isPresent()) {
            return audited("discardStaleState", "refused: mariadbd runs; stop it (demote) first");
        }
        Position mine = recovery.positions().current().known().orElse(null);
        Recovery.Discarded d = recovery.discard("discarded by an operator", mine, false);
        recovery.tick();
        return (d.done() ? "ok: " : "failed: ") + d.outcome();
    }

    private static final java.util.Set<Phase> ELECTION_PHASES =
            java.util.EnumSet.of(Phase.WAITING, Phase.ELECTED, Phase.JOIN_READY, Phase.HELD, Phase.REFUSED);

    /**
     * planRecovery(): the dry run: who would win now, who needs IST or SST, who is ahead, who is missing. It acts on
     * nothing: no tick, no write. It reads the election input of this node's last look, which the recovery thread
     * takes every second while mariadbd is stopped, and says how old that look is.
     */
    public String planRecovery() {
        Phase phase = recovery.phase();
        Optional<ElectionInput> input = recovery.lastInput();
        // Only in the phases a stopped node's election leads to, each set by the tick that took the input: not
        // while mariadbd runs, not before Pacemaker manages the resource here, not while Pacemaker cannot be read.
        if (input.isEmpty() || !ELECTION_PHASES.contains(phase)) {
            return "no election in progress: phase " + phase + ": " + recovery.reason();
        }
        Plan p = Election.plan(input.get());
        long ageMs = Math.max(0, recovery.nowMs() - input.get().nowMs());
        return "as of this node's look " + ageMs + " ms ago: decision: " + describe(p.decision()) + "; would win: "
                + p.wouldWin().orElse("nobody") + p.target().map(t -> " at " + t).orElse("") + "; IST: " + p.ist()
                + "; SST: " + p.sst() + "; ahead of the Primary (must discard or be held): " + p.ahead() + "; missing: "
                + p.missing();
    }

    static String describe(Decision d) {
        return Recovery.kind(d) + " (" + d.reason() + ")";
    }

}

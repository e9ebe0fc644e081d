package galera.agent.recovery;

import galera.agent.audit.Audit;
import galera.agent.election.Decision;
import galera.agent.election.Election;
import galera.agent.election.ElectionInput;
import galera.agent.election.JoinAlongside;
import galera.agent.election.LateNode;
import galera.agent.election.NodeReport;
import galera.agent.election.Policy;
import galera.agent.election.Position;
import galera.agent.election.ReversingHistory;
import galera.agent.election.Unfitness;
import galera.agent.node.NodeStatus;
import galera.agent.pacemaker.ClusterView;
import galera.agent.pacemaker.Pacemaker;
import galera.agent.pacemaker.PacemakerException;
import galera.agent.pacemaker.PeerState;
import galera.agent.pacemaker.PeerState.RunState;
import galera.agent.pacemaker.Snapshot;
import galera.agent.position.PositionReport;
import galera.agent.position.PositionSource;
import galera.agent.position.PositionTracker;
import galera.agent.server.ServerControl;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The agent's part in whole-cluster recovery. Every tick it publishes this node's report as a transient
 * Pacemaker attribute, reads everyone's, asks the pure {@link Election} what to do, and steers Pacemaker
 * through promotion scores: the elected node (recorded once in the CIB, see {@link BootstrapRecord}) gets the
 * highest score, joiners get one once a Primary Component exists or the winner's agent has taken up the
 * decision, and everybody else none. Pacemaker's
 * scheduler then promotes, and {@link #promote()} starts mariadbd to bootstrap or to join.
 *
 * <p>Every decision is logged, kept in the history the Election MBean shows, and audited when it acts.
 */
public final class Recovery {
    private static final Logger LOG = LogManager.getLogger(Recovery.class);
    static final int SCORE_BOOTSTRAP = 1000;
    static final int SCORE_JOIN = 100;
    static final int SCORE_NONE = -1;
    /** A node that has been Primary this long clears the outage's bootstrap record. */
    static final long CLEAR_RECORD_AFTER_MS = 10_000;
    /** How long after a score write the CIB may still not show it: attrd's dampening, then its CIB update. */
    static final long SCORE_SETTLE_MS = 1_500;
    /**
     * A record another agent made less than this long ago (by its clock against ours, so a skew only shortens or
     * stretches the trust, never a decision) comes with the scores that agent set ({@link #takeUpRecord}).
     */
    static final long RECORD_FRESH_MS = 5_000;
    private static final int HISTORY = 100;

    /** What recovery needs from the configuration. */
    public record Settings(String self, List<String> clusterNodes, Policy policy, boolean lateNodeDiscard,
                           String attribute, java.nio.file.Path epochFile) {
    }

    private final Settings settings;
    private final Pacemaker pacemaker;
    private final PositionTracker positions;
    private final Supplier<NodeStatus> status;
    private final ServerControl server;
    private final LateNodeWatch lateWatch;
    private final Audit audit;
    private final LongSupplier clock;
    private final ManagedState managedState;

    private Phase phase = Phase.OBSERVING;
    private String reason = "Pacemaker has not started the resource on this node";
    private long windowStartMs = -1;
    private Decision decision;
    private ElectionInput lastInput;
    private Map<String, PeerState> peers = Map.of();
    private Optional<BootstrapRecord> record = Optional.empty();
    /** What this tick read from Pacemaker (in one go), the promotion scores included. */
    private Snapshot lastSnapshot = new Snapshot(new ClusterView("", false, List.of(), Map.of()), Map.of(), Map.of());
    /** The record for which this (elected) node has set its peers' join scores: once per record. */
    private BootstrapRecord scoredAlongside;
    private Optional<Epoch> epoch = Optional.empty();
    private final Deque<String> history = new ArrayDeque<>();
    private final List<Long> istRestarts = new ArrayList<>();
    private boolean autoRecovered;
    /** Whether mariadbd ran at the last tick: a stop seen after that makes a recovered position stale. */
    private boolean ranAtLastTick;
    private int score = Integer.MIN_VALUE;
    private volatile long lastTickEndedMs = Long.MIN_VALUE / 2;
    /** When this agent last wrote (or forgot) its score: attrd shows the CIB a score only a moment later. */
    private long scoreWrittenAtMs = Long.MIN_VALUE / 2;
    private volatile long ticksStarted;
    /** The report last written, or null (none yet, or it must be written again). */
    private PeerState lastPublished;
    private long lastPublishedAtMs = -1;
    private long notStartedRetryAtMs = -1;
    private String notStartedNote = "";
    private long primarySinceMs = -1;
    private long transferSinceMs = -1;
    private boolean dcDeadtimeChecked;
    /** Why the last automatic discard failed: not tried again by itself (an operator's discardStaleState is). */
    private String discardFailure;
    private final List<PhaseListener> listeners = new ArrayList<>();
    private final List<DecisionListener> decisionListeners = new ArrayList<>();

    /** Told about every phase change, for notifications. */
    public interface PhaseListener {
        void changed(Phase from, Phase to, String reason, long atMs);
    }

    public Recovery(Settings settings, Pacemaker pacemaker, PositionTracker positions, Supplier<NodeStatus> status,
                    ServerControl server, LateNodeWatch lateWatch, Audit audit, LongSupplier clock, ManagedState managedState) {
        this.settings = settings;
        this.pacemaker = pacemaker;
        this.positions = positions;
        this.status = status;
        this.server = server;
        this.lateWatch = lateWatch;
        this.audit = audit;
        this.clock = clock;
        this.managedState = managedState;
        this.createdAtMs = clock.getAsLong();
    }

    public synchronized void addListener(PhaseListener l) { listeners.add(l); }

    /** Told about every new decision (not the window's countdown: see {@link #sameDecision}), for notifications. */
    public interface DecisionListener {
        /** @param from the decision before, or null for the first */
        void changed(Decision from, Decision to, long atMs);
    }

    public synchronized void addDecisionListener(DecisionListener l) { decisionListeners.add(l); }

    /** BOOTSTRAP, JOIN, WAIT or REFUSE. */
    public static String kind(Decision d) {
        return d.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /** One evaluation: publish, look, decide, steer. Called every second by the agent, and before every action. */
    public synchronized void tick() {
        ticksStarted++;
        publishedAtLastTick = false;
        try {
            evaluate();
        } finally {
            lastTickEndedMs = clock.getAsLong();
        }
    }

    /**
     * How many ticks have started, readable without the lock: an action that finds this number grown past what it
     * read on arrival knows that a tick began after it asked, and so looked as freshly as its own tick would.
     */
    public long ticksStarted() {
        return ticksStarted;
    }

    /** Whether the last {@link #tick} published a new report of this node ({@link TickPacing#intervalAfter(Phase, boolean)}). */
    public boolean publishedAtLastTick() {
        return publishedAtLastTick;
    }

    private volatile boolean publishedAtLastTick;

    /** When the last {@link #tick} ended, by this recovery's clock: a periodic tick right after an action's is redundant. */
    public long lastTickEndedMs() {
        return lastTickEndedMs;
    }

    private void evaluate() {
        if (!managedState.managed()) {
            ResumeCheck c = resumeCheck;
            String resume = c == null ? "" : "; stopped here for quorum loss, its probe " + c.whyNot()
                    .map(w -> "leaves it to Pacemaker's start: " + w).orElse("resumes it: nothing speaks against it");
            setPhase(Phase.OBSERVING, "Pacemaker has not started the resource on this node" + resume + publishNotStarted());
            return;
        }
        long now = clock.getAsLong();
        Optional<Long> pid = server.pid();
        NodeStatus s = status.get();
        RunState run = pid.isEmpty() ? RunState.STOPPED
                : s.reachable() && "Primary".equals(s.clusterStatus()) ? RunState.PRIMARY : RunState.STARTING;
        lateWatch.scan().ifPresent(abort -> event("Galera aborted this node: Reversing history " + abort.fromSeqno()
                + " -> " + abort.toSeqno() + " (" + abort.extraEvents() + " transactions ahead of the cluster)"));
        if (lateWatch.takeIstFailure() && run != RunState.STOPPED) {
            restartAfterIstFailure(now);
            pid = server.pid();
            run = pid.isEmpty() ? RunState.STOPPED : run;
        }
        if (run == RunState.STOPPED && ranAtLastTick) {
            positions.forgetRecovered(); // mariadbd ran since: a position recovered before that start is stale
        }
        ranAtLastTick = run != RunState.STOPPED;
        PositionReport pr = positions.current();
        if (run == RunState.STOPPED && !autoRecovered && pr.known().isPresent()
                && (pr.source() == PositionSource.NONE || pr.source() == PositionSource.WSREP_RECOVER)) {
            autoRecovered = true; // the recover the agent started early at its start, or one run now
            event("position unknown after a crash (seqno -1): " + positions.recoverOnce());
            pr = positions.current();
        }
        if (run != RunState.STOPPED) {
            autoRecovered = false;
        }
        try {
            // Quorum is an input of the election only, which a node whose mariadbd runs never holds: such a
            // tick saves crm_node, one of the two tool runs, on a node that serves a state transfer or writes.
            Snapshot snap = pacemaker.snapshot(settings.attribute(), Map.of(Epoch.SET_ID, Epoch.NAME,
                    BootstrapRecord.SET_ID, BootstrapRecord.NAME, CLUSTER_OPTIONS, DC_DEADTIME), managedState.resource(),
                    run == RunState.STOPPED);
            if (!dcDeadtimeChecked) {
                dcDeadtimeChecked = true;
                dcDeadtimeWarning(Optional.ofNullable(snap.sets().get(CLUSTER_OPTIONS))).ifPresent(w -> {
                    LOG.warn("{}", w);
                    event(w);
                });
            }
            epoch = Optional.ofNullable(snap.sets().get(Epoch.SET_ID)).flatMap(Epoch::decode);
            record = Optional.ofNullable(snap.sets().get(BootstrapRecord.SET_ID)).flatMap(BootstrapRecord::decode);
            lastSnapshot = snap;
            ClusterView view = snap.view();
            NodeReport mine = myReport(pr, now, run);
            publishedAtLastTick = publish(new PeerState(mine, run), now);
            restoreIfWiped(view, mine, run, now);
            peers = peersOf(view, mine, run);
            if (run == RunState.STOPPED) {
                primarySinceMs = -1;
                decideWhileStopped(view, mine, now);
            } else {
                whileRunning(run, now, pid.get());
            }
        } catch (PacemakerException e) {
            setPhase(Phase.FAILED, "cannot talk to Pacemaker: " + e.getMessage());
        }
    }

    /** The property set {@code crm_attribute --type crm_config} writes Pacemaker's cluster options to. */
    static final String CLUSTER_OPTIONS = "cib-bootstrap-options";
    static final String DC_DEADTIME = "dc-deadtime";
    /** From this much on, a whole-cluster recovery's wait for the DC is worth an operator's attention. */
    static final long DC_DEADTIME_WARN_MS = 10_000;

    /**
     * The warning for Pacemaker's {@code dc-deadtime} (unset: Pacemaker's default, 20 s): after a power cut of every
     * node, nothing is promoted before the nodes have waited that long for a DC. Empty when it is short, or written
     * in a form this does not read (then nothing is claimed).
     */
    static Optional<String> dcDeadtimeWarning(Optional<String> value) {
        long ms;
        if (value.isEmpty()) {
            ms = 20_000;
        } else {
            // As Pacemaker reads an interval: a whole number (a fraction is dropped), then a unit matched by its
            // first letters, seconds when there is none.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(?:\\.\\d*)?\\s*([a-z]*)")
                    .matcher(value.get().strip().toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                return Optional.empty();
            }
            String unit = m.group(2);
            long perUnit = unit.isEmpty() || unit.startsWith("s") ? 1000 : unit.startsWith("ms") ? 1
                    : unit.startsWith("us") ? 0 : unit.startsWith("m") ? 60_000 : unit.startsWith("h") ? 3_600_000 : -1;
            if (perUnit < 0) {
                return Optional.empty();
            }
            try {
                ms = perUnit == 0 ? Long.parseLong(m.group(1)) / 1000 : Math.multiplyExact(Long.parseLong(m.group(1)), perUnit);
            } catch (ArithmeticException | NumberFormatException e) {
                ms = Long.MAX_VALUE; // beyond a long: Pacemaker caps it, and it is long indeed
            }
        }
        if (ms < DC_DEADTIME_WARN_MS) {
            return Optional.empty();
        }
        return Optional.of("Pacemaker's dc-deadtime is " + value.map(v -> v.strip()).orElse("not set (default 20s)")
                + ": after a power cut of every node, no node is promoted before the nodes have waited that long for a"
                + " DC (on the lab, 20 s made the first Primary come 18 s later than 2 s). On a healthy LAN a few"
                + " seconds is enough: crm_attribute --type crm_config --name dc-deadtime --update 5s");
    }

    /** A tick's answer to {@link Pacemaker#whyNotResume}, and when it was asked. */
    private record ResumeCheck(String resource, Optional<String> whyNot, long atMs) {
    }

    /**
     * How old a tick's resume check may be for a probe to take it ({@link #recentResumeCheckAge}): a tick each second
     * after the last one ended, and the check's two tool runs, which took up to a second on a booting lab node.
     */
    static final long RECENT_RESUME_CHECK_MS = 3_000;

    private volatile ResumeCheck resumeCheck;
    /** When this recovery was made: the agent's start, which after a power cut is the node's boot. */
    private final long createdAtMs;
    /** Set by the first probe: later probes (a cleanup, a rejoin) are rare, and ask for themselves. */
    private volatile boolean probed;
    /** How long after the agent's start its ticks ask, for the probe that follows a power cut. */
    static final long RESUME_CHECKS_FOR_MS = 120_000;

    /** A probe came: no tick needs to ask for one any more ({@link #checkResume}). */
    public void probed() {
        probed = true;
        resumeCheck = null;
    }

    /**
     * The last survivor of a staggered crash comes back stopped for quorum loss, and waits for Pacemaker's probe,
     * which resumes it after asking whether anything speaks against that (quorum, the CIB). That question is two tool
     * runs, and made this probe the last of Pacemaker's first transition by 0.3-0.8 s on the lab, on the path to the
     * first promotion. So the agent's periodic loop asks it before each tick, each second, as a stopped managed
     * node's tick reads quorum and the CIB, and a probe that comes within {@link #RECENT_RESUME_CHECK_MS} of a yes
     * takes that yes. A no, or no answer (no DC yet), leaves the probe to ask for itself. Only until the first probe,
     * and only in the agent's first {@link #RESUME_CHECKS_FOR_MS}: a node kept off by a ban, or in a partition
     * without quorum, is not asked about each second for ever. Outside the recovery's lock: a probe that comes
     * meanwhile does not wait for these tool runs.
     */
    public void checkResume() {
        Optional<String> resource = managedState.stoppedForQuorumLoss();
        long asked = clock.getAsLong();
        if (resource.isEmpty() || probed || asked - createdAtMs > RESUME_CHECKS_FOR_MS || server.pid().isPresent()) {
            resumeCheck = null;
            return;
        }
        try {
            resumeCheck = new ResumeCheck(resource.get(), pacemaker.whyNotResume(resource.get()), asked);
        } catch (PacemakerException e) {
            resumeCheck = null;
        }
    }

    /**
     * How long ago a tick found nothing against resuming {@code resource}, if that was at most
     * {@link #RECENT_RESUME_CHECK_MS} ago (see {@link #checkResume}); readable without the recovery's lock.
     */
    public java.util.OptionalLong recentResumeCheckAge(String resource) {
        ResumeCheck c = resumeCheck;
        if (c == null || !c.resource().equals(resource) || c.whyNot().isPresent()) {
            return java.util.OptionalLong.empty();
        }
        long age = clock.getAsLong() - c.atMs();
        return age >= 0 && age <= RECENT_RESUME_CHECK_MS ? java.util.OptionalLong.of(age) : java.util.OptionalLong.empty();
    }

    /**
     * Before Pacemaker starts the resource here, the position is still worth knowing: published with the flag
     * {@link Unfitness#NOT_STARTED}, it lets the others decide without waiting the window for this node, and it
     * keeps them from bootstrapping over it if it is ahead (election rule 10). Only a position read from files
     * (grastate.dat of a clean stop, or a recovery already run): an unmanaged node's datadir is not touched, and
     * nothing is decided or recorded here. Pacemaker stops a node's resource when it loses quorum, which is how
     * the last survivor of a staggered crash comes back: not started, with a clean grastate.dat.
     *
     * @return what was published, for the phase's reason; empty when nothing was
     */
    private String publishNotStarted() {
        long now = clock.getAsLong();
        if (now < notStartedRetryAtMs) {
            return notStartedNote; // looked less than 10 s ago (2 s after a failure): one cibadmin per look
        }
        PositionReport pr = positions.current();
        if (server.pid().isPresent() || pr.known().isEmpty() || pr.source() == PositionSource.NONE
                || pr.source() == PositionSource.LIVE) {
            notStartedNote = "";
            return "";
        }
        try {
            // The running history's epoch, so that a node whose transactions it lacks is flagged as such
            // (REVERSED_HISTORY) here too, and never counts as ahead.
            epoch = Optional.ofNullable(pacemaker.readEach(Map.of(Epoch.SET_ID, Epoch.NAME)).get(Epoch.SET_ID))
                    .flatMap(Epoch::decode);
            NodeReport mine = myReport(pr, now, RunState.STOPPED);
            if (publish(new PeerState(mine, RunState.STOPPED), now)) {
                event("not started by Pacemaker: published position " + mine.position() + " (flagged "
                        + Unfitness.NOT_STARTED + "), so that the others need not wait for this node; it is never"
                        + " elected before Pacemaker starts the resource here");
            }
            notStartedNote = "; its position " + mine.position() + " is published (flagged " + Unfitness.NOT_STARTED + ")";
            notStartedRetryAtMs = now + 10_000;
        } catch (PacemakerException e) {
            notStartedNote = ""; // Pacemaker not up yet (the agent starts first at boot), or down
            notStartedRetryAtMs = now + 2_000;
        }
        return notStartedNote;
    }

    /** Records how long the state transfer took, once it is over. */
    private void transferEnded(long now) {
        if (transferSinceMs >= 0) {
            event("state transfer finished after " + (now - transferSinceMs) / 1000 + " s");
            transferSinceMs = -1;
        }
    }

    private void whileRunning(RunState run, long now, long pid) throws PacemakerException {
        windowStartMs = -1;
        discardFailure = null; // the node runs: whatever held it was resolved
        if (run == RunState.PRIMARY) {
            transferEnded(now);
            setPhase(Phase.RUNNING, "mariadbd runs in the Primary Component");
            primarySinceMs = primarySinceMs < 0 ? now : primarySinceMs;
            setScore(SCORE_JOIN);
            adoptEpoch(now);
            rememberEpoch();
            if (record.isPresent() && now - primarySinceMs >= CLEAR_RECORD_AFTER_MS) {
                pacemaker.deleteOnce(BootstrapRecord.SET_ID);
                event("cleared the bootstrap record of this outage (" + record.get().node() + " bootstrapped; "
                        + "this node has been Primary for " + (now - primarySinceMs) / 1000 + " s)");
            }
        } else {
            primarySinceMs = -1;
            if (server.receivingStateTransfer(pid)) {
                if (transferSinceMs < 0) {
                    transferSinceMs = now;
                    event("state transfer started: mariadbd runs its joiner script (wsrep_sst_*), waiting for a donor");
                }
                setPhase(Phase.STARTING, "mariadbd receives a state transfer (SST, or IST through the SST script) for "
                        + (now - transferSinceMs) / 1000 + " s; no Pacemaker action waits for it");
            } else {
                transferEnded(now);
                setPhase(Phase.STARTING, "mariadbd runs and is not yet in a Primary Component ("
                        + status.get().localStateComment() + ")");
            }
            if (score == Integer.MIN_VALUE) {
                setScore(SCORE_JOIN); // the score was lost (restoreIfWiped): without one Pacemaker demotes
            }
        }
    }

    /**
     * A Primary Component that no agent bootstrapped (set up by hand, or before the agent was installed) gets
     * an epoch too, from a running member: its current position. Created once (cib_create), so every member
     * remembers the same one.
     */
    private void adoptEpoch(long now) throws PacemakerException {
        if (epoch.isPresent()) {
            return;
        }
        NodeStatus s = status.get();
        if (s.localStateUuid().isEmpty() || s.lastCommitted() < 0) {
            return;
        }
        Epoch adopted = new Epoch(new Position(s.localStateUuid(), s.lastCommitted()), now, settings.self());
        if (pacemaker.createOnce(Epoch.SET_ID, Epoch.NAME, adopted.encode())) {
            event("adopted the running history as an epoch from " + adopted.from());
        }
        epoch = pacemaker.readOnce(Epoch.SET_ID, Epoch.NAME).flatMap(Epoch::decode);
    }

    /** This node is part of the running history: remember its epoch, so that it is not mistaken for a late node. */
    private void rememberEpoch() {
        if (epoch.isPresent() && !epoch.equals(Epoch.load(settings.epochFile()))) {
            try {
                epoch.get().store(settings.epochFile());
                event("part of the history bootstrapped by " + epoch.get().node() + " from " + epoch.get().from());
            } catch (IOException e) {
                LOG.warn("cannot store the epoch in {}: {}", settings.epochFile(), e.toString());
            }
        }
    }

    /** Why this stopped node's state is not part of the running history, if it is not. */
    private Optional<String> diverged(Position mine) {
        return epoch.filter(e -> e.divergedFrom(mine, Epoch.load(settings.epochFile()))).map(e -> e.describeDivergence(mine));
    }

    private void decideWhileStopped(ClusterView view, NodeReport mine, long now) throws PacemakerException {
        if (windowStartMs < 0) {
            windowStartMs = now;
            event("mariadbd is stopped; election window of " + settings.policy().windowMs() / 1000 + " s opened");
        }
        Optional<String> primaryAt = settings.clusterNodes().stream()
                .filter(n -> peers.containsKey(n) && peers.get(n).state() == RunState.PRIMARY).findFirst();
        Map<String, NodeReport> reports = new LinkedHashMap<>();
        peers.forEach((node, p) -> {
            if (p.state() == RunState.STOPPED && settings.clusterNodes().contains(node)) {
                reports.put(node, p.report());
            }
        });
        lastInput = new ElectionInput(settings.clusterNodes(), reports, view.quorate(), primaryAt, windowStartMs, now,
                settings.policy());
        Decision d = Election.decide(lastInput);
        Decision prev = decision;
        decision = d;
        if (prev == null || !sameDecision(prev, d)) {
            event("decision: " + d.reason());
            audit.recordByAgent("decision", kind(d) + ": " + d.reason());
            decisionListeners.forEach(l -> l.changed(prev, d, now));
        }
        if (d instanceof Decision.Join j) {
            joinOrHold(mine, j);
            return;
        }
        Optional<Decision.Join> early = joinAlongside(mine);
        if (early.isPresent()) {
            joinOrHold(mine, early.get());
            return;
        }
        if (d instanceof Decision.Bootstrap b && record.isEmpty()) {
            BootstrapRecord r = new BootstrapRecord(b.node(), b.position(), now, false, settings.self());
            if (pacemaker.createOnce(BootstrapRecord.SET_ID, BootstrapRecord.NAME, r.encode())) {
                audit.recordByAgent("election", "recorded: " + b.node() + " bootstraps at " + b.position() + ": " + b.reason());
                event("recorded the decision in the CIB: " + b.node() + " bootstraps");
                if (!b.node().equals(settings.self())) {
                    scoreForWinner(r);
                }
            }
            record = pacemaker.readOnce(BootstrapRecord.SET_ID, BootstrapRecord.NAME).flatMap(BootstrapRecord::decode);
        }
        honourRecord(d, mine);
    }

    /**
     * Joining alongside the bootstrap ({@link JoinAlongside} decides): gathers how far the recorded winner's
     * agent has got: its attribute (STARTING once its mariadbd runs), or else its promotion score, as this tick
     * read them.
     */
    private Optional<Decision.Join> joinAlongside(NodeReport mine) throws PacemakerException {
        if (record.isEmpty() || record.get().node().equals(settings.self())) {
            return Optional.empty();
        }
        String winner = record.get().node();
        PeerState w = peers.get(winner);
        if (w == null || w.state() == RunState.PRIMARY) {
            return Optional.empty(); // not visible, or Primary already: the election itself says Join
        }
        JoinAlongside.WinnerProgress progress = JoinAlongside.WinnerProgress.NOT_YET;
        if (w.state() == RunState.STARTING) {
            progress = JoinAlongside.WinnerProgress.MARIADBD_STARTED;
        } else if (lastSnapshot.scoreOf(winner).orElse(Integer.MIN_VALUE) >= SCORE_BOOTSTRAP) {
            progress = JoinAlongside.WinnerProgress.BOOTSTRAP_SCORE_SET;
        }
        return JoinAlongside.decide(winner, record.get().position(), mine.position(), progress);
    }

    /**
     * "Receiving IST failed, node restart required": Galera leaves the node Initialized until it is restarted.
     * Stop it (it may ignore SIGTERM, so the stop ends in SIGKILL); Pacemaker then sees the node stopped and
     * promotes it again, which joins afresh. At most three times in ten minutes, so it never loops.
     */
    private void restartAfterIstFailure(long now) {
        istRestarts.removeIf(t -> now - t > 600_000);
        if (istRestarts.size() >= 3) {
            event("IST failed again; not restarting mariadbd a fourth time in ten minutes: an operator must look");
            return;
        }
        istRestarts.add(now);
        try {
            String stopped = server.stop(10_000);
            event("IST failed ('node restart required'): " + stopped + "; Pacemaker will start it again");
            audit.recordByAgent("restartAfterIstFailure", "ok: " + stopped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whatever this node computed, the recorded decision is the one everybody follows. */
    private void honourRecord(Decision d, NodeReport mine) throws PacemakerException {
        if (record.isPresent() && record.get().node().equals(settings.self())) {
            setPhase(Phase.ELECTED, "elected to bootstrap from " + record.get().position()
                    + (record.get().forced() ? " (forced by an operator)" : "") + "; waiting for Pacemaker to promote");
            takeUpRecord(record.get());
        } else if (record.isPresent()) {
            setPhase(Phase.WAITING, record.get().node() + " was elected at "
                    + Instant.ofEpochMilli(record.get().atMs()) + " and bootstraps; this node starts to join it once its bootstrap "
                    + "score is set");
            Optional<Integer> held = lastSnapshot.scoreOf(settings.self());
            if (score != SCORE_BOOTSTRAP && held.orElse(Integer.MIN_VALUE) < SCORE_BOOTSTRAP
                    && peers.containsKey(record.get().node()) && JoinAlongside.winnerMayStart(record.get().position(), mine)) {
                // The winner's agent sets this node's join score together with its own (takeUpRecord), and this
                // tick may have read the winner's score a moment before that write: removing the join score now
                // would undo it, and Pacemaker would promote this node in a second transition, about 3 s later
                // (seen on the lab). Leave it; it is the score this node sets itself once it sees the winner's.
                // Only while the winner is in this partition: a join score left from before it went is stale.
            } else {
                setScore(SCORE_NONE);
            }
        } else if (d instanceof Decision.Refuse r) {
            setPhase(Phase.REFUSED, r.reason());
            setScore(SCORE_NONE);
        } else {
            setPhase(Phase.WAITING, d.reason());
            setScore(SCORE_NONE);
        }
    }

    /**
     * The agent that recorded the decision for another node sets that node's bootstrap score, and the join
     * scores {@link #scoresFor} gives, at once: waiting for the winner's agent to read the record on its next
     * tick and set them itself cost 0.5-1 s before Pacemaker could promote anyone (seen on the lab). The winner's
     * agent still judges for itself: its promote ticks afresh and bootstraps only if the record names it.
     */
    private void scoreForWinner(BootstrapRecord r) throws PacemakerException {
        Map<String, Integer> scores = scoresFor(r);
        writeScores(scores);
        scores.remove(r.node());
        event("set the bootstrap score of " + r.node() + (scores.isEmpty() ? "" : " and the join score of "
                + String.join(", ", scores.keySet())) + " with the record, so that Pacemaker promotes them in one"
                + " transition without waiting for " + r.node() + "'s agent to read the record");
    }

    /**
     * The winner's bootstrap score first, then the join score of every peer that {@link JoinAlongside#winnerMayStart}
     * would start now: set together, Pacemaker promotes them all in one transition; set by each peer's agent on
     * its next tick, the joiners' promotion waits for the winner's transition to finish (about 3 s on the lab).
     */
    private Map<String, Integer> scoresFor(BootstrapRecord r) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        scores.put(r.node(), SCORE_BOOTSTRAP); // first: if the others lag, the winner's promotion does not wait
        for (String node : settings.clusterNodes()) { // configured order: the same on every run
            PeerState p = peers.get(node);
            if (p != null && !node.equals(r.node()) && p.state() == RunState.STOPPED
                    && JoinAlongside.winnerMayStart(r.position(), p.report())) {
                scores.put(node, SCORE_JOIN);
            }
        }
        return scores;
    }

    /**
     * The elected node's agent sets its bootstrap score and, in the same breath, its peers' join scores
     * ({@link #scoresFor}), unless the agent that recorded the decision already did ({@link #scoreForWinner}):
     * this tick's read of the CIB shows this node's bootstrap score. Once per record; the peers' agents carry on
     * from there (they read this node's score and hold the same join score).
     */
    private void takeUpRecord(BootstrapRecord r) throws PacemakerException {
        long now = clock.getAsLong();
        if (!r.equals(scoredAlongside) && !r.by().equals(settings.self()) && Math.abs(now - r.atMs()) < RECORD_FRESH_MS
                && now - scoreWrittenAtMs >= SCORE_SETTLE_MS
                && !lastSnapshot.scoreOf(settings.self()).equals(Optional.of(SCORE_BOOTSTRAP))) {
            // Another agent recorded this node a moment ago and set the scores with the record (scoreForWinner); attrd
            // holds them back 400 ms, and this tick's read predates them. Writing the same batch again held a promote
            // up on the lab: the promote waits for this tick, which held the recovery's lock while it wrote (0.4 s, on
            // the path to the first Primary). Count the recorder's write as this agent's own, landing: after
            // SCORE_SETTLE_MS mustWrite goes by the CIB, and sets the score if it is not there. Not while this
            // agent's own last write (a stop's removal) may still land: then it writes, after that removal.
            score = SCORE_BOOTSTRAP;
            scoreWrittenAtMs = now;
            scoredAlongside = r;
            return;
        }
        if (!mustWrite(SCORE_BOOTSTRAP)) {
            score = SCORE_BOOTSTRAP; // this agent's write, or the recording agent's (with the joiners' scores)
            scoredAlongside = r;
            return;
        }
        Map<String, Integer> scores = r.equals(scoredAlongside) ? Map.of(settings.self(), SCORE_BOOTSTRAP) : scoresFor(r);
        writeScores(scores);
        scoredAlongside = r;
        List<String> joiners = new ArrayList<>(scores.keySet());
        joiners.remove(settings.self());
        if (!joiners.isEmpty()) {
            event("set the join score of " + String.join(", ", joiners) + " with this node's bootstrap score, so that "
                    + "Pacemaker promotes them in one transition; they start alongside and join this node's Primary Component");
        }
    }

    private void joinOrHold(NodeReport mine, Decision.Join j) throws PacemakerException {
        if (discardFailure != null) {
            // Held until an operator has looked, whatever the state now looks like: a discard that failed half-way
            // may have left a datadir that no longer looks stale (its position gone) but still holds stale parts.
            hold("late node held: a discard of its stale state failed: " + discardFailure + FIX_THEN_DISCARD);
            return;
        }
        PeerState primary = peers.get(j.primaryNode());
        LateNode.Assessment a = LateNode.assess(mine.position(), primary.report().position());
        Optional<String> diverged = diverged(mine.position());
        // Not the seqno the Primary node published: it lags behind the writes by up to a tick, so a node that
        // just left cleanly would look "ahead" by a few transactions (seen on the lab: discarded for 1).
        // The epoch says it exactly; without one, Galera's own abort line is the proof.
        boolean stale = (a.relation() == LateNode.Relation.OTHER_HISTORY && !mine.position().isZeroUuid())
                || lateWatch.aborted().isPresent() || diverged.isPresent();
        if (!stale && a.relation() == LateNode.Relation.AHEAD_SAME_HISTORY && epoch.isEmpty()) {
            event("this node looks ahead of the Primary's last published position (" + a.reason()
                    + "; a running node refreshes its seqno there only every " + REPUBLISH_MS / 1000 + " s); with no"
                    + " epoch recorded, Galera decides: it aborts a node that is really ahead");
        }
        if (stale) {
            String why = lateWatch.aborted().map(x -> "Galera aborted it (Reversing history, " + x.extraEvents()
                    + " transactions ahead)").orElse(diverged.orElse(a.reason()));
            if (!settings.lateNodeDiscard()) {
                hold("late node held (lateNode=hold): " + why + ". Use discardStaleState to rejoin by SST");
                return;
            }
            Discarded d = discard("late node ahead of the running cluster: " + why, mine.position(), true);
            if (d.done()) {
                event("discarded stale state automatically (lateNode=discard): " + d.outcome());
            } else {
                // Joining with stale state would be refused by Galera at best ("Reversing history"), and tried
                // again at every tick at worst: the node stays down until an operator has looked.
                hold("late node held: " + why + "; the automatic discard failed: " + d.outcome() + FIX_THEN_DISCARD);
                return;
            }
        }
        setPhase(Phase.JOIN_READY, j.reason());
        setScore(SCORE_JOIN);
    }

    private static final String FIX_THEN_DISCARD = ". Fix the cause, then use discardStaleState to rejoin by SST";

    /** Phase HELD, with no promotion score: the node stays down until an operator acts. */
    private void hold(String reason) throws PacemakerException {
        setPhase(Phase.HELD, reason);
        setScore(SCORE_NONE);
    }

    /**
     * What a discard did: {@code done} when all the state is aside; the outcome says what moved, or what failed and
     * what had moved before (the audit record adds why the discard was made).
     */
    record Discarded(boolean done, String outcome) {
    }

    private void audit(boolean byAgent, String action, String outcome) {
        if (byAgent) {
            audit.recordByAgent(action, outcome);
        } else {
            audit.record(action, outcome);
        }
    }

    /**
     * Moves the write-set cache, gvwstate.dat and grastate.dat aside (never deletes) and audits the discarded
     * position, or the failure and what had been moved before it. A failure holds the node (phase HELD) until a
     * discard succeeds or mariadbd runs; it is not tried again by itself.
     */
    synchronized Discarded discard(String why, Position discarded, boolean byAgent) {
        List<java.nio.file.Path> moved = new ArrayList<>();
        try {
            // The write-set cache too: it holds this node's own seqnos under the same cluster UUID. Kept, Galera
            // would preload them into an IST after the SST (seen failing with "Unsupported CC action version"),
            // and could serve them to another joiner as if they were the cluster's. grastate.dat goes last: while
            // it is in place, the node still shows as stale if a move fails half-way.
            server.moveAside("discarded", List.of(ServerControl.GCACHE, ServerControl.GVWSTATE, "grastate.dat"), moved);
            lateWatch.reset();
            discardFailure = null;
            String outcome = "discarded position " + discarded + " (" + why + "); moved aside: " + moved
                    + "; the node rejoins by SST";
            audit(byAgent, "discardStaleState", outcome);
            return new Discarded(true, outcome);
        } catch (IOException e) {
            String failure = "could not move the state of position " + discarded + " aside: " + e
                    + (moved.isEmpty() ? "; nothing was moved" : "; already moved aside: " + moved);
            audit(byAgent, "discardStaleState", failure + " (" + why + ")");
            discardFailure = failure; // held from now on, until a discard succeeds or mariadbd runs
            return new Discarded(false, failure);
        }
    }

    private NodeReport myReport(PositionReport pr, long now, RunState run) {
        Set<Unfitness> unfit = EnumSet.noneOf(Unfitness.class);
        Position p = pr.known().orElse(new Position(Position.ZERO_UUID, Position.UNKNOWN_SEQNO));
        if (pr.known().isEmpty()) {
            unfit.add(Unfitness.NO_GRASTATE);
        }
        // A node Galera aborted, or one whose transactions the running history does not have, must never
        // win a later election: bootstrapping it would throw away the running history.
        if (lateWatch.aborted().isPresent() || (run == RunState.STOPPED && diverged(p).isPresent())) {
            unfit.add(Unfitness.REVERSED_HISTORY);
        }
        if (!managedState.managed()) {
            unfit.add(Unfitness.NOT_STARTED);
        }
        return new NodeReport(settings.self(), p, pr.safeToBootstrap(), unfit, now);
    }

    private Map<String, PeerState> peersOf(ClusterView view, NodeReport mine, RunState run) {
        Map<String, PeerState> result = new LinkedHashMap<>();
        view.attributes().forEach((node, value) -> {
            if (view.partition().contains(node)) {
                PeerState.decode(node, value).ifPresent(p -> result.put(node, p));
            }
        });
        result.put(settings.self(), new PeerState(mine, run)); // our own attribute may lag behind
        return result;
    }

    /**
     * Pacemaker drops all of a node's transient attributes when it leaves the membership, even for a blip of a
     * partition: its position, and its promotion score, without which Pacemaker demotes it and never promotes it
     * again. Seen in CI: after a 0.2 s membership flap node3 was demoted and stayed Unpromoted for minutes,
     * because the agent remembered having set its score and did not set it again. So when this node's own
     * attribute is missing from the view, publish it again and forget the score, so that this tick sets it.
     */
    private void restoreIfWiped(ClusterView view, NodeReport mine, RunState run, long now) throws PacemakerException {
        long since = now - lastPublishedAtMs;
        if (view.attributes().containsKey(settings.self()) || lastPublishedAtMs < 0 || (since >= 0 && since < 2_000)
                || !view.partition().contains(settings.self())) {
            // present, never published, or just published (attrd may not show it for a moment); or this node is
            // not a member in the CIB yet (no DC has written its status since boot): nothing was wiped
            return;
        }
        event("this node's attributes are gone from Pacemaker (it left the membership, if only for a moment):"
                + " publishing its position again and setting its promotion score again");
        lastPublished = null;
        publish(new PeerState(mine, run), now);
        forgetScore();
    }

    /**
     * Publishes when the report changes (ignoring the timestamp), and at least every {@link #REPUBLISH_MS}:
     * attributes vanish when a node leaves ({@link #restoreIfWiped} notices sooner). See {@link #mustPublish}.
     *
     * @return whether a changed report was written (not a refresh of the same one): what the events and the
     *         tick's pacing care about
     */
    private boolean publish(PeerState state, long now) throws PacemakerException {
        long since = now - lastPublishedAtMs;
        // never written, or the clock stepped back: write (a wiped report would otherwise stay gone until it caught up)
        if (!mustPublish(state, lastPublished, lastPublishedAtMs < 0 || since < 0 ? Long.MAX_VALUE : since)) {
            return false;
        }
        boolean changed = lastPublished == null || !samePosition(state, lastPublished) || !sameButPosition(state, lastPublished);
        pacemaker.publish(settings.attribute(), state.encode());
        lastPublished = state;
        lastPublishedAtMs = now;
        return changed;
    }

    /** The same state, safe_to_bootstrap and fitness: all a report holds but its position and its time. */
    private static boolean sameButPosition(PeerState a, PeerState b) {
        return a.state() == b.state() && a.report().safeToBootstrap() == b.report().safeToBootstrap()
                && a.report().unfit().equals(b.report().unfit());
    }

    private static boolean samePosition(PeerState a, PeerState b) {
        return a.report().position().equals(b.report().position());
    }

    /** How often a report is written even when nothing in it changed that must be written at once. */
    static final long REPUBLISH_MS = 30_000;

    /**
     * Whether a report must be written now. Any change of a stopped node's report, which the election reads: at
     * once. A running node's seqno alone, which moves with every write: only every {@link #REPUBLISH_MS}. Each
     * write is a CIB update that every node applies and the DC's scheduler evaluates (a transition, and a
     * pe-input file), and a node under write load changed its seqno at every tick: one such update every 5 s per
     * node, for ever. Nothing decides on a running node's seqno (the late-node check takes the epoch, which is
     * exact); it is there for the operator's {@code crm_mon -A}, and the Position MBean has the live one.
     */
    static boolean mustPublish(PeerState next, PeerState last, long sinceLastMs) {
        if (last == null || sinceLastMs >= REPUBLISH_MS || !sameButPosition(next, last)) {
            return true;
        }
        if (samePosition(next, last)) {
            return false; // only the time
        }
        Position a = next.report().position();
        Position b = last.report().position();
        boolean progressOnly = next.state() != RunState.STOPPED && a.sameHistory(b) && a.isSeqnoKnown() && b.isSeqnoKnown();
        return !progressOnly;
    }

    private void setScore(int next) throws PacemakerException {
        if (mustWrite(next)) {
            writeScores(Map.of(settings.self(), next));
        } else {
            score = next;
        }
    }

    /**
     * Whether this node's score must be written to be {@code next}. Until this agent's own last write has had
     * time to land ({@link #SCORE_SETTLE_MS}), by what it wrote; after that, by what this tick read from the CIB.
     * So a stale read never removes another agent's fresh write (the bootstrap score the recording agent sets for
     * this node), a score the CIB already holds is not written again, and one that was lost (a removal of this
     * agent's landing after another agent's write, as one ordering of attrd's delayed writes can do, or a
     * membership blip) or that appeared where none is wanted is written again. No other agent removes a node's
     * score, so writing it again never undoes a decision.
     */
    private boolean mustWrite(int next) {
        if (clock.getAsLong() - scoreWrittenAtMs < SCORE_SETTLE_MS) {
            return next != score;
        }
        Optional<Integer> held = lastSnapshot.scoreOf(settings.self());
        if (next == SCORE_NONE ? held.isEmpty() : held.equals(Optional.of(next))) {
            return false;
        }
        if (next == score && score > 0 && held.isEmpty()) {
            event("this node's promotion score " + score + " is not in the CIB (lost, or its write never landed);"
                    + " setting it again");
        }
        return true;
    }

    /** Writes promotion scores in one call, and remembers this node's if it is among them. */
    private void writeScores(Map<String, Integer> scores) throws PacemakerException {
        pacemaker.promotionScores(managedState.resource(), scores);
        Integer mine = scores.get(settings.self());
        if (mine != null) {
            score = mine;
            scoreWrittenAtMs = clock.getAsLong(); // after the write: the settle time counts from its end
        }
    }

    private void setPhase(Phase next, String why) {
        Phase prev = phase;
        boolean changed = prev != next || !why.equals(reason);
        phase = next;
        reason = why;
        if (prev != next) {
            event("phase " + prev + " -> " + next + ": " + why);
            long now = clock.getAsLong();
            listeners.forEach(l -> l.changed(prev, next, why, now));
        } else if (changed) {
            LOG.debug("phase {}: {}", next, why);
        }
    }

    /**
     * Whether two decisions say the same thing. Not by their reasons: a Wait's reason counts the window down,
     * and logging it anew every tick buried the History attribute (100 entries) in copies of one decision.
     */
    static boolean sameDecision(Decision a, Decision b) {
        if (a instanceof Decision.Wait wa && b instanceof Decision.Wait wb) {
            return wa.missing().equals(wb.missing()) && wa.waitingFor().equals(wb.waitingFor())
                    && wa.hasDeadline() == wb.hasDeadline();
        }
        if (a instanceof Decision.Bootstrap ba && b instanceof Decision.Bootstrap bb) {
            return ba.node().equals(bb.node()) && ba.position().equals(bb.position());
        }
        if (a instanceof Decision.Join ja && b instanceof Decision.Join jb) {
            return ja.primaryNode().equals(jb.primaryNode());
        }
        return a.getClass() == b.getClass() && a.reason().equals(b.reason());
    }

    synchronized void event(String what) {
        String line = Instant.ofEpochMilli(clock.getAsLong()) + " " + what;
        LOG.info("recovery: {}", what);
        history.addLast(line);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    // ---- what the Election MBean and the OCF agent read ----

    public synchronized Phase phase() { return phase; }
    public synchronized String reason() { return reason; }
    public synchronized Optional<Decision> decision() { return Optional.ofNullable(decision); }
    public synchronized Optional<BootstrapRecord> record() { return record; }
    public synchronized Optional<Epoch> epoch() { return epoch; }
    public synchronized Map<String, PeerState> peers() { return peers; }
    public synchronized List<String> history() { return List.copyOf(history); }
    public synchronized Optional<ElectionInput> lastInput() { return Optional.ofNullable(lastInput); }
    public Settings settings() { return settings; }
    public ManagedState managedState() { return managedState; }
    public ServerControl server() { return server; }
    public Audit audit() { return audit; }
    public Pacemaker pacemaker() { return pacemaker; }
    public PositionTracker positions() { return positions; }
    public long nowMs() { return clock.getAsLong(); }

    public synchronized long windowRemainingMs() {
        if (windowStartMs < 0 || phase != Phase.WAITING) {
            return -1;
        }
        return Math.max(0, windowStartMs + settings.policy().windowMs() - clock.getAsLong());
    }

    /** Forgets which score this agent set: the next tick judges from the CIB and sets it again if needed. */
    synchronized void forgetScore() {
        score = Integer.MIN_VALUE;
    }

    /**
     * After this agent wrote its score outside a tick (a stop's removal, a probe's adoption): forgets it, and for
     * {@link #SCORE_SETTLE_MS} does not trust a read of the CIB to show that write yet.
     */
    synchronized void forgetScoreWrittenOutsideTick() {
        score = Integer.MIN_VALUE;
        scoreWrittenAtMs = clock.getAsLong();
    }
}

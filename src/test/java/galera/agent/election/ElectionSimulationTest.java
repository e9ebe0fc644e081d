package galera.agent.election;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-based simulation of whole-cluster outages. Each scenario: N = 1..7 nodes, random positions
 * (mostly one history, sometimes mixed, zero UUIDs, seqno -1, unfit flags, safe_to_bootstrap right or
 * wrong), random arrival times (some nodes never arrive, some are down), an optional two-way partition
 * (only a group with a majority of the configured nodes is quorate, as with votequorum), sometimes a
 * Primary Component that survived, per-node clock skew, attribute propagation delay, and monitor-like
 * evaluation moments per node.
 *
 * <p>The single decider is modelled as in the agent: every node evaluates {@link Election#decide} on its
 * own view; the first Bootstrap anywhere is written once (a create-only CIB write) and every later
 * evaluation sees it as {@code primaryComponentAt}. The window start is written the same way by the
 * first evaluator, on its own skewed clock.
 *
 * <p>Run: {@code mvn -q test -Dtest=ElectionSimulationTest}. {@code -Delection.sim.seed=N} picks another
 * master seed, {@code -Delection.sim.scenarios=N} changes the count, and a failure prints the scenario's
 * seed, which {@code -Delection.sim.scenarioSeed=S -Delection.sim.scenarios=1} replays alone.
 */
class ElectionSimulationTest {

    static final int SCENARIOS = Integer.getInteger("election.sim.scenarios", 10_000);
    static final long MASTER_SEED = Long.getLong("election.sim.seed", 20261125L);
    static final long HORIZON_MS = 340_000; // after the last arrival (200 s) + the window (90 s) + skew + a monitor
    static final long LAST_ARRIVAL_MS = 200_000;
    static final long MAX_SKEW_MS = 5_000;

    /** One simulated node: its report, when (if ever) it shows up, and where it sits. */
    record SimNode(String name, NodeReport report, boolean up, long arrivalMs, long visibleAfterMs, long skewMs,
            int group, long monitorMs, long startedAtMs) {
        boolean arrives() {
            return arrivalMs >= 0;
        }

        /** Until Pacemaker starts the resource there, its agent publishes its position flagged NOT_STARTED. */
        boolean started(long atMs) {
            return atMs >= startedAtMs;
        }

        NodeReport reportAt(long atMs) {
            if (started(atMs)) {
                return report;
            }
            java.util.EnumSet<Unfitness> u = java.util.EnumSet.of(Unfitness.NOT_STARTED);
            u.addAll(report.unfit());
            return new NodeReport(name, report.position(), report.safeToBootstrap(), u, 0);
        }
    }

    record Scenario(long seed, List<String> configured, List<SimNode> nodes, Optional<String> survivingPrimary,
            Policy policy) {
        boolean quorate(int group) {
            long members = nodes.stream().filter(n -> n.up() && n.group() == group).count();
            return members > configured.size() / 2;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("seed=" + seed + " configured=" + configured + " primary="
                    + survivingPrimary + " quorum=" + policy.quorum() + "\n");
            for (SimNode n : nodes) {
                s.append("  ").append(n.name()).append(' ').append(n.report().describe()).append(" up=").append(n.up())
                        .append(" arrival=").append(n.arrivalMs()).append(" skew=").append(n.skewMs())
                        .append(" group=").append(n.group()).append(" quorate=").append(quorate(n.group()))
                        .append('\n');
            }
            return s.toString();
        }
    }

    /** Totals over the run, printed at the end so a reader sees what the scenarios exercised. */
    static final class Stats {
        int bootstraps, noBootstrapExpectedNone, joins, refusals, waits, evaluations, lateAhead, afterWindow,
                waitsForStart;
    }

    @Test
    void tenThousandOutagesNeverBootstrapTwiceOrTheWrongNode() {
        Random master = new Random(MASTER_SEED);
        Stats stats = new Stats();
        // CPU time as well as wall time: this machine is shared, and wall time swings with its load.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        Long only = Long.getLong("election.sim.scenarioSeed");
        for (int i = 0; i < SCENARIOS; i++) {
            long seed = only != null ? only : master.nextLong();
            Scenario sc = generate(seed);
            try {
                run(sc, stats);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario " + i + " failed; replay it alone with -Delection.sim.scenarioSeed=" + seed
                        + " (master seed " + MASTER_SEED + ")\n" + sc + e.getMessage(), e);
            }
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        long cpuMs = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
        System.out.printf(Locale.ROOT, "ElectionSimulation: %d scenarios (master seed %d), %d evaluations in %d ms"
                        + " wall, %d ms CPU;"
                        + " %d bootstraps (%d after the window with nodes missing), %d scenarios without a bootstrap,"
                        + " %d join / %d refuse / %d wait decisions (%d for a node Pacemaker had not started),"
                        + " %d late nodes found ahead of the winner%n",
                SCENARIOS, MASTER_SEED, stats.evaluations, elapsedMs, cpuMs, stats.bootstraps, stats.afterWindow,
                stats.noBootstrapExpectedNone, stats.joins, stats.refusals, stats.waits, stats.waitsForStart,
                stats.lateAhead);
        if (only != null) {
            return; // a single replayed scenario; the mix checks below are about the whole run
        }
        assertTrue(stats.bootstraps > SCENARIOS / 3, "the generator should produce mostly electable outages");
        assertTrue(stats.afterWindow > 0 && stats.lateAhead > 0 && stats.refusals > 0 && stats.waitsForStart > 0,
                "the generator should exercise elections after the window, late nodes, refusals and nodes that"
                        + " Pacemaker starts late");
    }

    static Scenario generate(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(7);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add("db" + i);
        }
        // Configured order differs from name order, so a sort by name would be caught.
        Collections.shuffle(names, r);
        String main = uuid(r);
        String other = uuid(r);
        boolean mixed = r.nextInt(10) == 0;
        // Bases around 1000 make "999" vs "1000" comparisons frequent.
        long base = r.nextBoolean() ? 990 : r.nextInt(1_000_000);
        int spread = switch (r.nextInt(3)) { case 0 -> 1; case 1 -> 4; default -> 40; };
        boolean split = r.nextInt(10) < 3;
        int quorum = r.nextInt(8) == 0 ? 1 + r.nextInt(n) : n / 2 + 1;
        Policy policy = Policy.defaults(n).withQuorum(quorum);

        List<SimNode> nodes = new ArrayList<>();
        for (String name : names) {
            String u = mixed && r.nextInt(3) == 0 ? other : r.nextInt(25) == 0 ? Position.ZERO_UUID : main;
            long seqno = r.nextInt(20) == 0 ? -1 : base + r.nextInt(spread);
            EnumSet<Unfitness> unfit = EnumSet.noneOf(Unfitness.class);
            if (r.nextInt(10) == 0) {
                Unfitness[] declared = {Unfitness.NO_GRASTATE, Unfitness.ABORTED_SST, Unfitness.PARTIAL_SST,
                        Unfitness.EMPTY_DATADIR, Unfitness.REVERSED_HISTORY};
                unfit.add(declared[r.nextInt(declared.length)]);
            }
            boolean safe = r.nextInt(10) == 0;
            NodeReport rep = new NodeReport(name, new Position(u, seqno), safe, unfit, 0);
            boolean up = r.nextInt(10) != 0;
            long arrival = up && r.nextInt(7) != 0 ? r.nextLong(LAST_ARRIVAL_MS) : -1;
            // Sometimes Pacemaker starts the resource well after the agent is up (the last survivor of a
            // staggered crash lost quorum, so Pacemaker had stopped it): it reports NOT_STARTED meanwhile.
            long started = arrival >= 0 && r.nextInt(6) == 0 ? arrival + r.nextLong(30_000) : arrival;
            nodes.add(new SimNode(name, rep, up, arrival, r.nextInt(1_000), r.nextLong(2 * MAX_SKEW_MS + 1) - MAX_SKEW_MS,
                    split ? r.nextInt(2) : 0, 10_000 + r.nextInt(10_001), started));
        }
        // Sometimes Galera was right: safe_to_bootstrap=1 on a highest main-history node.
        if (r.nextInt(3) == 0) {
            long top = nodes.stream().filter(x -> x.report().fit()).mapToLong(x -> x.report().position().seqno())
                    .max().orElse(Long.MIN_VALUE);
            for (int i = 0; i < nodes.size(); i++) {
                SimNode x = nodes.get(i);
                if (x.report().fit() && x.report().position().seqno() == top) {
                    NodeReport s = new NodeReport(x.name(), x.report().position(), true, x.report().unfit(), 0);
                    nodes.set(i, new SimNode(x.name(), s, x.up(), x.arrivalMs(), x.visibleAfterMs(), x.skewMs(),
                            x.group(), x.monitorMs(), x.startedAtMs()));
                    break;
                }
            }
        }
        Optional<String> survivor = r.nextInt(10) == 0
                ? Optional.of(names.get(r.nextInt(n))) : Optional.empty();
        return new Scenario(seed, List.copyOf(names), List.copyOf(nodes), survivor, policy);
    }

    private static String uuid(Random r) {
        String hex = String.format(Locale.ROOT, "%016x%016x", r.nextLong(), r.nextLong());
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    record Eval(long atMs, int node) {
    }

    static void run(Scenario sc, Stats stats) {
        List<Eval> evals = new ArrayList<>();
        for (int i = 0; i < sc.nodes().size(); i++) {
            SimNode n = sc.nodes().get(i);
            if (n.arrives()) {
                for (long t = n.arrivalMs(); t <= HORIZON_MS; t += n.monitorMs()) {
                    evals.add(new Eval(t, i));
                }
            }
        }
        evals.sort((a, b) -> a.atMs() != b.atMs() ? Long.compare(a.atMs(), b.atMs()) : Integer.compare(a.node(), b.node()));

        Long windowStart = null; // create-only, like the bootstrap record
        Decision.Bootstrap written = null;
        long writtenAt = -1;
        int bootstrapsSeen = 0;
        boolean[] joined = new boolean[sc.nodes().size()];
        for (Eval e : evals) {
            if (joined[e.node()]) {
                continue; // its agent has started mariadbd as a joiner; it no longer elects
            }
            SimNode me = sc.nodes().get(e.node());
            if (!me.started(e.atMs())) {
                continue; // not started by Pacemaker: its agent only publishes its position
            }
            long now = e.atMs() + me.skewMs();
            if (windowStart == null) {
                windowStart = now;
            }
            Map<String, NodeReport> view = new LinkedHashMap<>();
            for (SimNode other : sc.nodes()) {
                boolean visible = other == me || other.arrives() && other.group() == me.group()
                        && other.arrivalMs() + other.visibleAfterMs() <= e.atMs();
                if (visible) {
                    // The report as it was published visibleAfterMs ago.
                    view.put(other.name(), other == me ? other.report() : other.reportAt(e.atMs() - other.visibleAfterMs()));
                }
            }
            Optional<String> primary = written != null ? Optional.of(written.node()) : sc.survivingPrimary();
            boolean quorate = sc.quorate(me.group());
            ElectionInput in = new ElectionInput(sc.configured(), view, quorate, primary, windowStart, now, sc.policy());
            Decision d = Election.decide(in);
            stats.evaluations++;
            check(!d.reason().isBlank(), "blank reason");
            if (d instanceof Decision.Wait w) {
                stats.waits++;
                if (w.waitingFor().startsWith("Pacemaker to start the resource")) {
                    stats.waitsForStart++;
                }
                check(!w.hasDeadline() || w.untilMs() > now, "wait deadline in the past: " + w);
            } else if (d instanceof Decision.Join j) {
                stats.joins++;
                joined[e.node()] = true;
                check(primary.isPresent() && j.primaryNode().equals(primary.get()), "join without primary: " + j);
            } else if (d instanceof Decision.Refuse) {
                stats.refusals++;
            } else if (d instanceof Decision.Bootstrap b) {
                bootstrapsSeen++;
                check(bootstrapsSeen == 1, "second bootstrap " + b + " after " + written);
                checkBootstrap(sc, in, b, me, quorate);
                if (view.size() < sc.configured().size()) {
                    stats.afterWindow++;
                }
                written = b;
                writtenAt = e.atMs();
                joined[e.node()] = true; // the winner is the primary now
            }
        }
        if (written != null) {
            stats.bootstraps++;
            checkLateNodes(sc, written, writtenAt, stats);
        } else {
            stats.noBootstrapExpectedNone++;
            check(!electable(sc), "no bootstrap although a quorate partition eventually held a fit quorum with one"
                    + " history");
        }
    }

    /** Every property a single bootstrap must satisfy, checked against the decider's own view. */
    private static void checkBootstrap(Scenario sc, ElectionInput in, Decision.Bootstrap b, SimNode me, boolean quorate) {
        check(sc.survivingPrimary().isEmpty(), "bootstrap while a Primary Component runs: " + b);
        check(quorate, "bootstrap in a non-quorate partition by " + me.name());
        NodeReport w = in.reports().get(b.node());
        check(w != null && w.position().equals(b.position()), "winner not among the reports: " + b);
        check(w.fit(), "unfit winner: " + w.describe());
        check(in.reports().size() == sc.configured().size()
                        || in.reports().size() >= sc.policy().quorum() && in.nowMs() >= in.windowEndMs(),
                "bootstrap before the window ended without everyone, or below quorum: " + in.reports().size());
        for (NodeReport r : in.reports().values()) {
            // A node Pacemaker has not started is never elected, but nothing is elected over it either.
            if (!r.fit() && !Unfitness.onlyNotStarted(r.unfit())) {
                continue;
            }
            check(r.position().sameHistory(b.position()), "bootstrap despite mixed fit histories: " + r.describe());
            check(r.position().seqno() <= b.position().seqno(),
                    "lower position won: " + b.position() + " while " + r.describe() + " had reported");
        }
        // Rule 8: among fit nodes tied at the top, safe_to_bootstrap=1 first, then the first configured.
        List<NodeReport> tied = sc.configured().stream().map(in.reports()::get)
                .filter(r -> r != null && r.fit() && r.position().equals(b.position())).toList();
        boolean anySafe = tied.stream().anyMatch(NodeReport::safeToBootstrap);
        NodeReport expected = tied.stream().filter(r -> r.safeToBootstrap() || !anySafe).findFirst().orElseThrow();
        check(expected.node().equals(b.node()), "tie-break picked " + b.node() + " instead of " + expected.node());
        // Same view in a different order, on any node: same answer (rule 8).
        List<NodeReport> reversed = new ArrayList<>(in.reports().values());
        Collections.reverse(reversed);
        Map<String, NodeReport> m = new LinkedHashMap<>();
        reversed.forEach(r -> m.put(r.node(), r));
        Decision again = Election.decide(new ElectionInput(in.configuredNodes(), m, true, Optional.empty(),
                in.windowStartMs(), in.nowMs(), in.policy()));
        check(b.equals(again), "decision depends on report order: " + again);
        check(Election.plan(in).wouldWin().equals(Optional.of(b.node())), "plan disagrees with decide");
    }

    /** Nodes that show up after the bootstrap with more transactions are exactly the "Reversing history" ones. */
    private static void checkLateNodes(Scenario sc, Decision.Bootstrap b, long writtenAt, Stats stats) {
        for (SimNode n : sc.nodes()) {
            if (!n.arrives() || n.arrivalMs() <= writtenAt || n.name().equals(b.node())) {
                continue;
            }
            Position p = n.report().position();
            if (p.isSeqnoKnown() && p.sameHistory(b.position()) && p.seqno() > b.position().seqno()) {
                LateNode.Assessment a = LateNode.assess(p, b.position());
                check(a.relation() == LateNode.Relation.AHEAD_SAME_HISTORY
                        && a.extraTransactions() == p.seqno() - b.position().seqno(), "late node misjudged: " + a);
                stats.lateAhead++;
            }
        }
    }

    /**
     * Independent oracle for "a bootstrap must eventually happen": no surviving primary, and some quorate
     * group whose nodes that ever arrive reach the quorum (or are all configured nodes) and whose fit ones
     * share exactly one history.
     */
    static boolean electable(Scenario sc) {
        if (sc.survivingPrimary().isPresent()) {
            return false;
        }
        for (int g = 0; g < 2; g++) {
            if (!sc.quorate(g)) {
                continue;
            }
            int arrived = 0;
            java.util.Set<String> histories = new java.util.HashSet<>();
            for (SimNode n : sc.nodes()) {
                if (n.group() == g && n.arrives()) {
                    arrived++;
                    if (n.report().fit()) {
                        histories.add(n.report().position().clusterUuid());
                    }
                }
            }
            if (arrived >= sc.policy().quorum() && histories.size() == 1) {
                return true;
            }
        }
        return false;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}

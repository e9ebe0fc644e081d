package galera.agent.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The election rules (docs/design.md, "The election rules"), as pure functions of an {@link ElectionInput}.
 *
 * <p>Every node of the cluster runs {@link #decide} on its own view at each monitor. The caller makes the
 * first Bootstrap durable with a create-only write (a CIB attribute that is written once) and feeds the
 * written winner back as {@code primaryComponentAt}, so every later evaluation answers Join: the rules
 * make every node pick the same winner from the same view, and the create-only write settles the race
 * between different views.
 */
public final class Election {

    private Election() {
    }

    public static Decision decide(ElectionInput in) {
        // Rule 1. A running Primary Component is the truth; a second bootstrap would fork the history
        // and Galera would later abort one side with "Reversing history" or force SSTs.
        if (in.primaryComponentAt().isPresent()) {
            String primary = in.primaryComponentAt().get();
            return new Decision.Join(primary, "A Primary Component is running (" + primary + " is in it): join it."
                    + " Bootstrapping now would start a second, diverging history.");
        }
        List<String> missing = in.missing();
        List<NodeReport> present = in.reportsInConfiguredOrder();
        // Rule 2. A partition without Pacemaker quorum may be the minority of a split while the majority
        // elects; Pacemaker stops resources there anyway (no-quorum-policy=stop).
        if (!in.partitionQuorate()) {
            return new Decision.Wait("Pacemaker quorum for this partition", Long.MAX_VALUE, missing,
                    "This Pacemaker partition has no quorum: not electing, because the other side of a split"
                            + " may be electing or running a Primary Component. Reported here: "
                            + describeAll(present) + "; missing: " + names(missing) + ".");
        }
        // Rule 3 and 4. Everyone reported: decide now. Otherwise wait for the window, then require a quorum.
        if (!missing.isEmpty()) {
            long windowEnd = in.windowEndMs();
            if (in.nowMs() < windowEnd) {
                return new Decision.Wait(waitingFor(missing), windowEnd, missing,
                        "Waiting for " + waitingFor(missing) + " until the election window ends at " + utc(windowEnd)
                                + " (in " + seconds(windowEnd - in.nowMs()) + "); " + present.size() + " of "
                                + in.configuredNodes().size() + " nodes reported: " + describeAll(present) + ".");
            }
            if (present.size() < in.policy().quorum()) {
                // Wait, not Refuse: a missing node may still come back, and then the election proceeds by
                // itself. Electing among fewer could bootstrap a stale position over a newer one.
                return new Decision.Wait(waitingFor(missing), Long.MAX_VALUE, missing,
                        "The election window ended at " + utc(windowEnd) + " but only " + present.size() + " of "
                                + in.configuredNodes().size() + " nodes reported (quorum is "
                                + in.policy().quorum() + "): waiting with no deadline for " + names(missing)
                                + ". Reported: " + describeAll(present) + ". If the missing nodes are lost for"
                                + " good, an operator must force a bootstrap of the highest of them.");
            }
        }
        return elect(in, present, missing);
    }

    /** The dry run: see {@link Plan}. */
    public static Plan plan(ElectionInput in) {
        return Plan.of(in);
    }

    /** Rules 5 to 10 over the nodes present. */
    private static Decision elect(ElectionInput in, List<NodeReport> present, List<String> missing) {
        Candidates c = candidates(in, present);
        Optional<Decision> notStarted = waitForNotStarted(present, c);
        if (notStarted.isPresent()) {
            return notStarted.get();
        }
        if (c.fit().isEmpty()) {
            return new Decision.Refuse("No node is fit to bootstrap: " + describeAll(present)
                    + ". Unfit nodes must be refilled by SST from a good node; an operator must restore or force"
                    + " one." + missingNote(missing));
        }
        if (c.histories().size() > 1) {
            StringBuilder s = new StringBuilder("Fit nodes carry ").append(c.histories().size())
                    .append(" different cluster histories, and seqnos of different histories cannot be compared:");
            c.histories().forEach((uuid, nodes) -> s.append(" history ").append(uuid).append(": ")
                    .append(describeAll(nodes)).append(';'));
            s.setLength(s.length() - 1);
            s.append(". An operator must choose the history to keep and force a bootstrap; the nodes of the other"
                    + " history will need SST and lose their transactions.");
            return new Decision.Refuse(s + missingNote(missing));
        }
        NodeReport winner = c.fit().get(0);
        StringBuilder s = new StringBuilder("Bootstrap ").append(winner.node()).append(" at ")
                .append(winner.position()).append(": the highest position of history ")
                .append(winner.position().clusterUuid()).append(" among ").append(present.size()).append(" of ")
                .append(in.configuredNodes().size()).append(" reporting nodes (").append(describeAll(present))
                .append(").");
        List<NodeReport> tied = c.fit().stream().skip(1)
                .filter(r -> r.position().seqno() == winner.position().seqno()).toList();
        if (!tied.isEmpty()) {
            s.append(" Tie with ").append(names(tied.stream().map(NodeReport::node).toList())).append(": ")
                    .append(winner.node()).append(winner.safeToBootstrap() && tied.stream()
                            .noneMatch(NodeReport::safeToBootstrap) ? " has safe_to_bootstrap=1."
                            : " is listed first in the configured nodes.");
        }
        for (NodeReport r : c.fit()) {
            if (r.safeToBootstrap() && r.position().seqno() < winner.position().seqno()) {
                // Galera sets safe_to_bootstrap only on the last node to leave the Primary Component, which
                // must then hold the highest seqno. A lower one means stale flags or a copied grastate.dat.
                s.append(" Suspicious conflict: ").append(r.node()).append(" has safe_to_bootstrap=1 at the lower")
                        .append(" position ").append(r.position()).append("; the flag is ignored because it must")
                        .append(" never let a lower position of the same history win.");
            }
        }
        List<NodeReport> unfit = present.stream().filter(r -> !r.fit()).toList();
        if (!unfit.isEmpty()) {
            s.append(" Not candidates (unfit): ").append(describeAll(unfit)).append('.');
        }
        s.append(missingNote(missing));
        return new Decision.Bootstrap(winner.node(), winner.position(), s.toString());
    }

    /**
     * Rule 10. A node that Pacemaker has not started yet (only {@link Unfitness#NOT_STARTED}) counts as reported,
     * so the election need not wait the window for it, but it cannot be promoted to bootstrap. Its data is as good
     * as a fit node's, so nothing may be elected over it that the rules would not elect were it started: wait
     * (for Pacemaker to start it) when it is strictly ahead of the best fit node, or of another history than
     * the fit nodes, or when no node is fit. A tie at the top goes to the started node: the same position in
     * the same history is the same data.
     */
    private static Optional<Decision> waitForNotStarted(List<NodeReport> present, Candidates c) {
        List<NodeReport> waiting = new ArrayList<>();
        for (NodeReport r : present) {
            if (!Unfitness.onlyNotStarted(r.unfit())) {
                continue;
            }
            boolean matters = c.fit().isEmpty() || c.histories().size() > 1
                    || !r.position().sameHistory(c.fit().get(0).position())
                    || r.position().seqno() > c.fit().get(0).position().seqno();
            if (matters) {
                waiting.add(r);
            }
        }
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        List<String> nodes = waiting.stream().map(NodeReport::node).toList();
        String best = c.fit().isEmpty() ? "no node that Pacemaker has started is fit"
                : "the best node that Pacemaker has started is " + c.fit().get(0).describe();
        return Optional.of(new Decision.Wait("Pacemaker to start the resource on " + names(nodes), Long.MAX_VALUE,
                List.of(), "Waiting with no deadline for Pacemaker to start the resource on " + names(nodes) + " ("
                + describeAll(waiting) + "): " + best + ", and bootstrapping it would lose what "
                + (nodes.size() == 1 ? "that node holds" : "those nodes hold") + " or fork the history. A node is"
                + " promoted only where Pacemaker has started it. If Pacemaker is not to start it (standby, a ban),"
                + " an operator must decide: start it there, or force a bootstrap elsewhere and lose its"
                + " transactions. Reported: " + describeAll(present) + "."));
    }

    /**
     * The fit reports, best first, and their histories. Best = highest seqno, then safe_to_bootstrap=1,
     * then earliest in the configured order (the upstream agent's {@code >=} scan picks the last one, by
     * accident). The order is total, so the result does not depend on any map's iteration order.
     */
    static Candidates candidates(ElectionInput in, List<NodeReport> present) {
        Comparator<NodeReport> best = Comparator
                .comparingLong((NodeReport r) -> r.position().seqno()).reversed()
                .thenComparing(NodeReport::safeToBootstrap, Comparator.reverseOrder())
                .thenComparingInt(r -> in.configuredNodes().indexOf(r.node()));
        List<NodeReport> fit = present.stream().filter(NodeReport::fit).sorted(best).toList();
        Map<String, List<NodeReport>> histories = new LinkedHashMap<>();
        for (NodeReport r : present) { // configured order, so the Refuse text is stable too
            if (r.fit()) {
                histories.computeIfAbsent(r.position().clusterUuid(), k -> new ArrayList<>()).add(r);
            }
        }
        return new Candidates(fit, histories);
    }

    record Candidates(List<NodeReport> fit, Map<String, List<NodeReport>> histories) {
        /** The would-be winner if the fit nodes share one history. */
        Optional<NodeReport> winner() {
            return fit.isEmpty() || histories.size() != 1 ? Optional.empty() : Optional.of(fit.get(0));
        }
    }

    private static String missingNote(List<String> missing) {
        return missing.isEmpty() ? "" : " Missing after the window: " + names(missing)
                + "; they must join later, and one that turns out to be ahead of the winner will be aborted by"
                + " Galera with \"Reversing history\" and must discard its extra transactions.";
    }

    private static String waitingFor(List<String> missing) {
        return names(missing) + (missing.size() == 1 ? " to report its position" : " to report their positions");
    }

    static String names(List<String> nodes) {
        return nodes.isEmpty() ? "none" : String.join(", ", nodes);
    }

    static String describeAll(List<NodeReport> reports) {
        return reports.isEmpty() ? "none"
                : reports.stream().map(NodeReport::describe).collect(Collectors.joining(", "));
    }

    /**
     * The time of day of an epoch-millisecond instant, for reasons an operator reads: {@code 01:02:03.220 UTC}. The
     * day is left out (a window lasts minutes), and so is any date library: this package reads no clock, and the
     * arithmetic is all it needs.
     */
    static String utc(long epochMs) {
        long msOfDay = Math.floorMod(epochMs, 86_400_000L);
        return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d.%03d UTC", msOfDay / 3_600_000, msOfDay / 60_000 % 60,
                msOfDay / 1000 % 60, msOfDay % 1000);
    }

    /** A duration as seconds with one decimal: {@code 4.9 s}. */
    static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

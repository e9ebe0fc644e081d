package galera.agent.election;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dry run for an operator: the decision now, who would win if the election ran now (ignoring the
 * window and the quorum), and what every present node would need afterwards. Lists are in configured
 * order.
 *
 * @param wouldWin the node that would bootstrap now; empty if a primary runs, no node is fit, or fit nodes
 *        carry more than one history
 * @param target the position the others would sync to: the running primary's (when its node reported
 *        its live position) or the would-be winner's; empty when there is none, and then the three
 *        lists below are empty too
 * @param ist present nodes of the target's history at or below it: they join and catch up by IST
 * @param sst present nodes that need a full SST: another history, unfit, or an unknown seqno
 * @param ahead present fit nodes of the target's history above it: stale late nodes that Galera would
 *        abort with "Reversing history"; they must discard state (after a backup) or be held
 * @param missing configured nodes that have not reported
 */
public record Plan(Decision decision, Optional<String> wouldWin, Optional<Position> target, List<String> ist,
        List<String> sst, List<String> ahead, List<String> missing) {

    public Plan {
        ist = List.copyOf(ist);
        sst = List.copyOf(sst);
        ahead = List.copyOf(ahead);
        missing = List.copyOf(missing);
    }

    static Plan of(ElectionInput in) {
        Decision decision = Election.decide(in);
        List<NodeReport> present = in.reportsInConfiguredOrder();
        Optional<String> wouldWin = Optional.empty();
        Optional<String> targetNode;
        Optional<Position> target;
        if (in.primaryComponentAt().isPresent()) {
            targetNode = in.primaryComponentAt();
            target = Optional.ofNullable(in.reports().get(targetNode.get())).map(NodeReport::position)
                    // A primary whose live position is unknown gives nothing to compare against.
                    .filter(p -> p.isSeqnoKnown() && !p.isZeroUuid());
        } else {
            Optional<NodeReport> w = Election.candidates(in, present).winner();
            wouldWin = w.map(NodeReport::node);
            targetNode = wouldWin;
            target = w.map(NodeReport::position);
        }
        List<String> ist = new ArrayList<>();
        List<String> sst = new ArrayList<>();
        List<String> ahead = new ArrayList<>();
        if (target.isPresent()) {
            for (NodeReport r : present) {
                if (r.node().equals(targetNode.get())) {
                    continue;
                }
                if (!r.fit() && !Unfitness.onlyNotStarted(r.unfit())) { // not started yet: its data is good
                    sst.add(r.node());
                    continue;
                }
                switch (LateNode.assess(r.position(), target.get()).relation()) {
                    case BEHIND_SAME_HISTORY, EQUAL -> ist.add(r.node());
                    case AHEAD_SAME_HISTORY -> ahead.add(r.node());
                    case OTHER_HISTORY, UNKNOWN -> sst.add(r.node());
                }
            }
        }
        return new Plan(decision, wouldWin, target, ist, sst, ahead, in.missing());
    }
}

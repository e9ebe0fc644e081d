package galera.agent.election;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a stopped node may start as a joiner while the recorded winner is still bootstrapping, instead of
 * waiting until the winner is Primary (the rule and the lab check behind it: docs/design.md, "Joining alongside
 * the bootstrap").
 *
 * <p>A joiner cannot form a Primary Component by itself (once its saved view is moved aside), so starting it
 * early is safe as soon as the winner's bootstrap promotion score is set (Pacemaker is promoting it; the agent
 * that recorded the decision sets it with the record, else the winner's own agent once it reads the record),
 * or its mariadbd already runs.
 * Never a node ahead of the winner in the same history: the epoch that tells it to discard is written only when
 * the winner starts, and a cluster that passed its seqno before it connected would accept it by IST with
 * different data under the same seqnos.
 */
public final class JoinAlongside {
    private JoinAlongside() {
    }

    /** What the winner's agent has done about the decision, as this node sees it. */
    public enum WinnerProgress { NOT_YET, BOOTSTRAP_SCORE_SET, MARIADBD_STARTED }

    /**
     * @param winner the node the bootstrap record names (not this node)
     * @param winnerPosition the position it bootstraps from
     * @param mine this node's position
     * @param progress how far the winner's agent has got
     * @return Join with the reason, or empty: wait (for the winner's agent, or, when ahead, for its Primary and epoch)
     */
    public static Optional<Decision.Join> decide(String winner, Position winnerPosition, Position mine,
                                                 WinnerProgress progress) {
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(winnerPosition, "winnerPosition");
        Objects.requireNonNull(mine, "mine");
        Objects.requireNonNull(progress, "progress");
        if (progress == WinnerProgress.NOT_YET
                || LateNode.assess(mine, winnerPosition).relation() == LateNode.Relation.AHEAD_SAME_HISTORY) {
            return Optional.empty();
        }
        String how = progress == WinnerProgress.MARIADBD_STARTED ? "mariadbd started"
                : "its bootstrap promotion score is set; Pacemaker promotes it";
        return Optional.of(new Decision.Join(winner, winner + " was elected to bootstrap from " + winnerPosition
                + " (" + how + "): this node starts now and joins its Primary Component as soon as it forms"));
    }

    /**
     * Whether the winner's agent, as it sets its own bootstrap score, may set {@code peer}'s join score in the
     * same breath, so that Pacemaker promotes them in one transition rather than two. Narrower than
     * {@link #decide}: only a fit node of the winner's own history at or below its position, a node that
     * {@link #decide} would start at this very moment and whose own agent has nothing left to judge (one that
     * Pacemaker has not started yet included: it is started and promoted in one transition). A node from
     * another history, a stale or otherwise unfit one, one ahead, or one with an unknown position is left to its
     * own agent (discard, hold, or wait), which reads the winner's score on its next tick.
     */
    public static boolean winnerMayStart(Position winnerPosition, NodeReport peer) {
        Objects.requireNonNull(winnerPosition, "winnerPosition");
        Objects.requireNonNull(peer, "peer");
        // NodeReport flags a zero UUID and an unknown seqno itself. A node Pacemaker has not started yet is fine:
        // Pacemaker starts and promotes it in one go, and its agent judges it at the start.
        if (!peer.fit() && !Unfitness.onlyNotStarted(peer.unfit())) {
            return false;
        }
        LateNode.Relation r = LateNode.assess(peer.position(), winnerPosition).relation();
        return r == LateNode.Relation.BEHIND_SAME_HISTORY || r == LateNode.Relation.EQUAL;
    }
}

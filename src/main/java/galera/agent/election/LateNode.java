package galera.agent.election;

import java.util.Objects;

/**
 * What happens to a node that comes back after a Primary Component was formed without it.
 *
 * <p>Galera compares the joiner's position with the Primary Component's during state exchange
 * (gcs/src/gcs_group.cpp, group_post_state_exchange): behind in the same history means IST from a donor's
 * gcache (or SST if the gcache no longer holds the gap); another history means a full SST; ahead in the
 * same history means "Reversing history: A -> B, this member has applied N more events than the primary
 * component. Data loss is possible. Must abort." Galera then zeroes grastate.dat, and a blind restart
 * would SST over those N transactions silently. This check lets the agent see that before starting the
 * node, keep its datadir for an operator, and record exactly which seqnos would be discarded.
 */
public final class LateNode {

    public enum Relation { BEHIND_SAME_HISTORY, EQUAL, AHEAD_SAME_HISTORY, OTHER_HISTORY, UNKNOWN }

    /**
     * @param extraTransactions how many transactions this node has that the primary lacks (only for
     *        AHEAD_SAME_HISTORY, else 0)
     */
    public record Assessment(Relation relation, long extraTransactions, String reason) {
        public Assessment {
            Objects.requireNonNull(relation, "relation");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private LateNode() {
    }

    public static Assessment assess(Position mine, Position clusterPrimary) {
        Objects.requireNonNull(mine, "mine");
        Objects.requireNonNull(clusterPrimary, "clusterPrimary");
        // Unknown first: a crashed node shows seqno -1 until --wsrep-recover has run, and the recovered
        // position may well be in the same history; deciding SST before recovering would throw data away.
        if (!mine.isSeqnoKnown() || !clusterPrimary.isSeqnoKnown()) {
            return new Assessment(Relation.UNKNOWN, 0, "Position unknown (this node " + mine + ", primary "
                    + clusterPrimary + "): recover it with mariadbd --wsrep-recover before joining.");
        }
        if (!mine.sameHistory(clusterPrimary)) {
            return new Assessment(Relation.OTHER_HISTORY, 0, "This node at " + mine
                    + " is not in the primary's history " + clusterPrimary.clusterUuid()
                    + ": it needs a full SST, which replaces all of its data.");
        }
        long diff = mine.seqno() - clusterPrimary.seqno();
        if (diff == 0) {
            return new Assessment(Relation.EQUAL, 0, "This node is at the primary's position " + mine
                    + ": it joins with nothing to transfer.");
        }
        if (diff < 0) {
            return new Assessment(Relation.BEHIND_SAME_HISTORY, 0, "This node at " + mine + " is "
                    + (-diff) + " transactions behind the primary at " + clusterPrimary
                    + ": it joins normally and catches up by IST (or SST if the donor's gcache lacks seqnos "
                    + (mine.seqno() + 1) + ".." + clusterPrimary.seqno() + ").");
        }
        return new Assessment(Relation.AHEAD_SAME_HISTORY, diff, "This node at " + mine + " is ahead of the"
                + " primary at " + clusterPrimary + " by " + diff + " transactions (seqnos "
                + (clusterPrimary.seqno() + 1) + ".." + mine.seqno() + "): Galera would abort it with"
                + " \"Reversing history: " + mine.seqno() + " -> " + clusterPrimary.seqno() + "\". Joining means"
                + " discarding those transactions by SST; keep its datadir for an operator, or hold the node.");
    }
}

package galera.agent.election;

/**
 * Why a node's data must not seed a new Primary Component. An unfit node still counts as present (for
 * the window and the quorum: its agent is up and talking), but it can never win the election; it will
 * be refilled by SST from the winner.
 */
public enum Unfitness {
    /** No grastate.dat: position unknown, Galera would need SST anyway. */
    NO_GRASTATE,
    /** An SST into this node was interrupted; its datadir is a half-copied donor. */
    ABORTED_SST,
    /** An SST is known to be incomplete (e.g. mariabackup prepare did not finish). */
    PARTIAL_SST,
    /** The datadir is empty (joiners may start empty and be filled by SST). */
    EMPTY_DATADIR,
    /** grastate.dat holds the all-zero UUID: no history to offer. */
    ZERO_UUID,
    /** seqno -1 and {@code --wsrep-recover} could not recover it. */
    UNKNOWN_SEQNO,
    /**
     * Galera aborted it with "Reversing history ... Must abort": it was ahead of the Primary Component
     * it tried to join, and its grastate.dat was zeroed. Its data is not a history anyone agreed on.
     */
    REVERSED_HISTORY,
    /**
     * Not a flaw in the data: Pacemaker has not started the resource on this node (yet), so it cannot be
     * promoted to bootstrap. Its agent publishes the position it read from grastate.dat anyway, so that the
     * election need not wait the window for it. The rules run as if it were fit, and wait for Pacemaker to start
     * it when it would matter: when it is strictly ahead of every fit node, or of another history
     * ({@link Election}, rule 10).
     */
    NOT_STARTED;

    /** Whether {@code unfit} says only that Pacemaker has not started the node: its data is as good as a fit node's. */
    public static boolean onlyNotStarted(java.util.Set<Unfitness> unfit) {
        return unfit.size() == 1 && unfit.contains(NOT_STARTED);
    }
}

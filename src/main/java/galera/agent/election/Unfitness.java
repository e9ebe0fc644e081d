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
    REVERSED_HISTORY
}

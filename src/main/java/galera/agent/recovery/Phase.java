package galera.agent.recovery;

/** Where this node stands in recovery; the Election MBean shows it with a reason. */
public enum Phase {
    /** Pacemaker has not started the resource here: the agent only observes. */
    OBSERVING,
    /** mariadbd is stopped and no Primary Component is known: waiting for positions or for the window. */
    WAITING,
    /** This node won the election (recorded in the CIB) and waits for Pacemaker to promote it. */
    ELECTED,
    /** A Primary Component exists: this node waits for Pacemaker to promote it, and then joins. */
    JOIN_READY,
    /** A late node ahead of the cluster (or from another history), held for an operator (lateNode=hold). */
    HELD,
    /** The election refuses to bootstrap (mixed histories, no fit node): an operator must decide. */
    REFUSED,
    /** mariadbd runs but is not (yet) in a Primary Component: bootstrapping, joining, SST or IST. */
    STARTING,
    /** mariadbd runs in a Primary Component. */
    RUNNING,
    /** The agent cannot reach Pacemaker or cannot act; see the reason. */
    FAILED
}

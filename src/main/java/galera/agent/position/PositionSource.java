package galera.agent.position;

/** Where a reported position came from, in the order the agent prefers them. */
public enum PositionSource {
    /** wsrep_local_state_uuid and wsrep_last_committed of the running server. */
    LIVE,
    /** grastate.dat of a stopped server that shut down cleanly (seqno known). */
    GRASTATE,
    /** {@code mariadbd --wsrep-recover}, after a crash left seqno -1 in grastate.dat. */
    WSREP_RECOVER,
    /** Nothing usable yet: see the report's detail (e.g. seqno -1 and no recover run yet). */
    NONE
}

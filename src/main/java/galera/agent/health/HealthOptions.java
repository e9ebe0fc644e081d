package galera.agent.health;

/**
 * How strict the health verdict is.
 *
 * @param availableWhenDonor    a Donor/Desynced node still takes traffic (Percona's default: false). A
 *                              mariabackup donor keeps serving, but an rsync donor is blocked for the SST.
 * @param availableWhenReadOnly a read_only node still takes traffic (Percona's default: true)
 * @param drainWhenDonor        a donor that is not available is drained (open connections finish) rather than
 *                              marked down
 * @param recvQueueLimit        a node whose wsrep_local_recv_queue exceeds this is drained while it catches up;
 *                              0 turns the check off
 * @param maxStatusAgeMs        a snapshot older than this is not trusted: the poller is stuck or slow
 */
public record HealthOptions(boolean availableWhenDonor, boolean availableWhenReadOnly, boolean drainWhenDonor,
                            long recvQueueLimit, long maxStatusAgeMs) {

    /** The same options with the two Percona switches replaced, for "what would clustercheck say". */
    public HealthOptions withPercona(boolean donor, boolean readOnly) {
        return new HealthOptions(donor, readOnly, drainWhenDonor, recvQueueLimit, maxStatusAgeMs);
    }
}

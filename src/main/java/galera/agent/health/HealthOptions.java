package galera.agent.health;

/**
 * How strict the health verdict is.
 *
 * @param availableWhenDonor    a Donor/Desynced node still takes traffic (Percona's default: false). A
 *                              mariabackup donor keeps serving, but an rsync donor is blocked for the SST.
 * @param availableWhenReadOnly a read_only node still takes traffic (Percona's default: false)
 * @param maxStatusAgeMs        a snapshot older than this is not trusted: the poller is stuck or slow
 */
public record HealthOptions(boolean availableWhenDonor, boolean availableWhenReadOnly, long maxStatusAgeMs) {
}

package galera.agent.health;

import galera.agent.node.NodeStatus;

/**
 * The health verdict: one pure function of the cached snapshot, so /health, the Node MBean and the OCF
 * monitor all say the same thing. The full table is in docs/health.md; rows are checked in this order and
 * the first that matches decides.
 *
 * <p>Available means: Synced (wsrep_local_state 4), Primary component, wsrep_ready ON, and not desynced. The
 * rules follow Galera's documented states (https://galeracluster.com/library/documentation/node-states.html):
 * a Joiner or Joined node has not applied the whole history yet; a non-Primary node refuses queries with
 * ERROR 1047; a Donor may be blocked by its SST method.
 */
public final class Availability {
    private Availability() {
    }

    public static HealthVerdict evaluate(NodeStatus s, boolean maintenance, long nowMs, HealthOptions options) {
        if (maintenance) {
            return HealthVerdict.down("maintenance: the maintenance file is present");
        }
        if (s.polledAtMs() == 0) {
            return HealthVerdict.down("no status yet: the first poll has not finished");
        }
        long age = nowMs - s.polledAtMs();
        if (age > options.maxStatusAgeMs()) {
            return HealthVerdict.down("status is stale: last poll " + age + " ms ago (limit " + options.maxStatusAgeMs() + " ms)");
        }
        if (!s.reachable()) {
            return HealthVerdict.down("mariadbd not reachable: " + s.error());
        }
        if (!s.connected()) {
            return HealthVerdict.down("not connected to a cluster (wsrep_connected=OFF)");
        }
        if (!"Primary".equals(s.clusterStatus())) {
            return HealthVerdict.down("not in the Primary Component (wsrep_cluster_status=" + s.clusterStatus() + ")");
        }
        String reject = s.rejectQueries();
        if (!reject.isEmpty() && !reject.equalsIgnoreCase("NONE")) {
            return HealthVerdict.down("queries rejected (wsrep_reject_queries=" + reject + ")");
        }
        if (s.desyncVariable()) {
            return HealthVerdict.down("desynced by an operator (wsrep_desync=ON)");
        }
        int state = s.localState();
        String comment = s.localStateComment() + " (" + state + ")";
        if (state == 2) {
            if (!options.availableWhenDonor()) {
                return HealthVerdict.down("donor: " + comment + " and availableWhenDonor=false");
            }
        } else if (state != 4) {
            return HealthVerdict.down("not synced: " + comment);
        }
        if (!s.ready()) {
            return HealthVerdict.down("not ready (wsrep_ready=OFF)");
        }
        if (s.readOnly() && !options.availableWhenReadOnly()) {
            return HealthVerdict.down("read-only (read_only=ON) and availableWhenReadOnly=false");
        }
        return HealthVerdict.up(state == 2 ? "donor, available: " + comment + " and availableWhenDonor=true"
                : (s.readOnly() ? "synced, read-only, availableWhenReadOnly=true" : "synced, Primary, ready"));
    }
}

package galera.agent.health;

import galera.agent.node.NodeStatus;

/**
 * The health verdict: one pure function of the cached snapshot, the operator's admin state, the maintenance
 * file and the clock, so /health, the agent-check, the Node and Health MBeans and the clustercheck drop-in all
 * say the same thing. The full table is in docs/health.md; rows are checked in this order and the first that
 * matches decides.
 *
 * <p>Available means: Synced (wsrep_local_state 4), Primary component, wsrep_ready ON, and not desynced. The
 * rules follow Galera's documented states (https://galeracluster.com/library/documentation/node-states.html):
 * a Joiner or Joined node has not applied the whole history yet; a non-Primary node refuses queries with
 * ERROR 1047; a Donor may be blocked by its SST method.
 *
 * <p>Every DOWN row comes before the admin DRAIN row: a drained node whose database fails must show as down,
 * not as gracefully draining.
 */
public final class Availability {
    private Availability() {
    }

    public static HealthVerdict evaluate(NodeStatus s, AdminState admin, boolean maintenanceFile, long nowMs,
                                         HealthOptions options) {
        if (admin.mode() == AdminState.Mode.MAINT) {
            return HealthVerdict.maint("maint", "maintenance by " + who(admin) + ": " + orNone(admin.reason()));
        }
        if (maintenanceFile) {
            return HealthVerdict.maint("maintenance-file", "maintenance: the maintenance file is present");
        }
        if (s.polledAtMs() == 0) {
            return HealthVerdict.down("no-status", "no status yet: the first poll has not finished");
        }
        long age = nowMs - s.polledAtMs();
        if (age > options.maxStatusAgeMs()) {
            return HealthVerdict.down("stale", "status is stale: last poll " + age + " ms ago (limit "
                    + options.maxStatusAgeMs() + " ms)");
        }
        if (!s.reachable()) {
            return HealthVerdict.down("unreachable", "mariadbd not reachable: " + s.error());
        }
        if (!s.connected()) {
            return HealthVerdict.down("disconnected", "not connected to a cluster (wsrep_connected=OFF)");
        }
        if (!"Primary".equals(s.clusterStatus())) {
            return HealthVerdict.down("non-primary", "not in the Primary Component (wsrep_cluster_status="
                    + s.clusterStatus() + ")");
        }
        String reject = s.rejectQueries();
        if (!reject.isEmpty() && !reject.equalsIgnoreCase("NONE")) {
            return HealthVerdict.down("reject-queries", "queries rejected (wsrep_reject_queries=" + reject + ")");
        }
        if (s.desyncVariable()) {
            return HealthVerdict.down("desync", "desynced by an operator (wsrep_desync=ON)");
        }
        int state = s.localState();
        String comment = s.localStateComment() + " (" + state + ")";
        if (state == 2 && !options.availableWhenDonor()) {
            String why = "donor: " + comment + " and availableWhenDonor=false";
            return options.drainWhenDonor() ? HealthVerdict.drain("donor", why + "; drained, open connections finish")
                    : HealthVerdict.down("donor", why);
        }
        if (state != 2 && state != 4) {
            return HealthVerdict.down("not-synced", "not synced: " + comment);
        }
        if (!s.ready()) {
            return HealthVerdict.down("not-ready", "not ready (wsrep_ready=OFF)");
        }
        if (s.readOnly() && !options.availableWhenReadOnly()) {
            return HealthVerdict.down("read-only", "read-only (read_only=ON) and availableWhenReadOnly=false");
        }
        if (admin.mode() == AdminState.Mode.DRAIN) {
            return HealthVerdict.drain("drain", "drained by " + who(admin) + ": " + orNone(admin.reason()));
        }
        long queue = s.localRecvQueue();
        if (options.recvQueueLimit() > 0 && queue > options.recvQueueLimit()) {
            return HealthVerdict.drain("recv-queue", "behind: wsrep_local_recv_queue=" + queue + " > recvQueueLimit="
                    + options.recvQueueLimit() + "; drained while it applies");
        }
        if (state == 2) {
            return HealthVerdict.up("donor-available", "donor, available: " + comment + " and availableWhenDonor=true");
        }
        if (s.readOnly()) {
            return HealthVerdict.up("read-only-available", "synced, read-only, availableWhenReadOnly=true");
        }
        return HealthVerdict.up("synced", "synced, Primary, ready");
    }

    private static String who(AdminState admin) {
        return admin.by().isEmpty() ? "an operator" : admin.by();
    }

    private static String orNone(String reason) {
        return reason.isEmpty() ? "no reason given" : reason;
    }
}

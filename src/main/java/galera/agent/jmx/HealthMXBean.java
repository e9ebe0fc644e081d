package galera.agent.jmx;

import javax.management.MBeanOperationInfo;

/**
 * {@code galera:type=Health}: what HAProxy is told about this node, and the operator's drain/maint/ready
 * switches. The verdict comes from the table in docs/health.md; HAProxy learns it through {@code /health}
 * (200/404/503) and the agent-check port (up/drain/down/maint). Every operation is audited and persisted, so a
 * drained node stays drained across an agent restart.
 */
@Description("HAProxy's view of this node (UP, DRAIN, DOWN, MAINT) with the rule and reason that decided it, and the "
        + "operator's drain, maint and ready switches.")
public interface HealthMXBean {
    @Description("UP (send traffic), DRAIN (no new connections), DOWN (no traffic) or MAINT (taken out by an operator).")
    String getState();

    @Description("The row of docs/health.md that decided, e.g. synced, donor, read-only, drain.")
    String getRule();

    @Description("Why, in one sentence.")
    String getReason();

    @Description("What GET /health answers: 200 UP, 404 DRAIN (http-check disable-on-404), 503 DOWN or MAINT.")
    int getHttpStatus();

    @Description("The line the agent-check port answers HAProxy with.")
    String getAgentReply();

    @Description("The operator's admin state: READY, DRAIN or MAINT.")
    String getAdminState();

    @Description("Why the operator set the admin state; empty when READY was never changed.")
    String getAdminReason();

    @Description("Who set the admin state.")
    String getAdminBy();

    @Description("When the admin state was set, ISO-8601 UTC; empty if never.")
    String getAdminSince();

    @Description("True while the maintenanceFile exists (the verdict is then MAINT).")
    boolean isMaintenanceFilePresent();

    @Description("Option availableWhenDonor: a Donor/Desynced node takes traffic.")
    boolean isAvailableWhenDonor();

    @Description("Option availableWhenReadOnly: a read_only node takes traffic.")
    boolean isAvailableWhenReadOnly();

    @Description("Option drainWhenDonor: a donor that is not available is drained rather than marked down.")
    boolean isDrainWhenDonor();

    @Description("Option recvQueueLimit: above this wsrep_local_recv_queue the node is drained; 0 is off.")
    long getRecvQueueLimit();

    @Description("Drain this node: HAProxy sends it no new connections and lets the open ones finish. Persisted and audited.")
    @Impact(MBeanOperationInfo.ACTION)
    String drain(@Name("reason") @Description("Why, for the audit log and the verdict (e.g. a ticket number).") String reason);

    @Description("Put this node in maintenance: HAProxy takes it out of rotation (MAINT). Persisted and audited.")
    @Impact(MBeanOperationInfo.ACTION)
    String maint(@Name("reason") @Description("Why, for the audit log and the verdict.") String reason);

    @Description("Return this node to rotation: the health table decides again. Persisted and audited.")
    @Impact(MBeanOperationInfo.ACTION)
    String ready();

    @Description("The verdict under Percona clustercheck's two switches, without changing anything: "
            + "'<http status> <STATE> <rule> <reason>'. The clustercheck drop-in uses it.")
    @Impact(MBeanOperationInfo.INFO)
    String evaluate(@Name("availableWhenDonor") @Description("Percona's available_when_donor.") boolean availableWhenDonor,
                    @Name("availableWhenReadOnly") @Description("Percona's available_when_readonly.") boolean availableWhenReadOnly);
}

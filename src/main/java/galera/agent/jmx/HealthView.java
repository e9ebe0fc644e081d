package galera.agent.jmx;

import galera.agent.audit.Audit;
import galera.agent.audit.Caller;
import galera.agent.health.AdminState;
import galera.agent.health.HealthMonitor;
import galera.agent.health.HealthVerdict;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.time.Instant;

/** The Health MBean over the {@link HealthMonitor}. */
public final class HealthView implements HealthMXBean {
    private static final Logger LOG = LogManager.getLogger(HealthView.class);
    private static final int MAX_REASON = 200;

    private final HealthMonitor health;
    private final Audit audit;

    public HealthView(HealthMonitor health, Audit audit) {
        this.health = health;
        this.audit = audit;
    }

    private HealthVerdict v() { return health.verdict(); }

    @Override public String getState() { return v().state().name(); }
    @Override public String getRule() { return v().rule(); }
    @Override public String getReason() { return v().reason(); }
    @Override public int getHttpStatus() { return v().httpStatus(); }
    @Override public String getAgentReply() { return v().agentReply(); }
    @Override public String getAdminState() { return health.admin().mode().name(); }
    @Override public String getAdminReason() { return health.admin().reason(); }
    @Override public String getAdminBy() { return health.admin().by(); }

    @Override
    public String getAdminSince() {
        long at = health.admin().atMs();
        return at == 0 ? "" : Instant.ofEpochMilli(at).toString();
    }

    @Override public boolean isMaintenanceFilePresent() { return health.maintenanceFilePresent(); }
    @Override public boolean isAvailableWhenDonor() { return health.options().availableWhenDonor(); }
    @Override public boolean isAvailableWhenReadOnly() { return health.options().availableWhenReadOnly(); }
    @Override public boolean isDrainWhenDonor() { return health.options().drainWhenDonor(); }
    @Override public long getRecvQueueLimit() { return health.options().recvQueueLimit(); }

    @Override
    public String drain(String reason) { return set(AdminState.Mode.DRAIN, reason); }

    @Override
    public String maint(String reason) { return set(AdminState.Mode.MAINT, reason); }

    @Override
    public String ready() { return set(AdminState.Mode.READY, ""); }

    private String set(AdminState.Mode mode, String reason) {
        String action = "health." + mode.name().toLowerCase(java.util.Locale.ROOT);
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON) {
            String outcome = "refused: the reason is " + why.length() + " characters; at most " + MAX_REASON;
            audit.record(action, outcome);
            return outcome;
        }
        AdminState prev;
        try {
            prev = health.setAdmin(mode, why, Caller.current());
        } catch (IOException e) {
            String outcome = "refused: the admin state could not be saved (" + e.getMessage() + "); nothing changed";
            LOG.error(outcome);
            audit.record(action, outcome);
            return outcome;
        }
        HealthVerdict now = v();
        String outcome = "ok: admin state " + prev.mode() + " -> " + mode + (why.isEmpty() ? "" : " (" + why + ")")
                + "; HAProxy is now told " + now.state() + " (" + now.reason() + ")";
        audit.record(action, outcome);
        return outcome;
    }

    @Override
    public String evaluate(boolean availableWhenDonor, boolean availableWhenReadOnly) {
        HealthVerdict e = health.verdict(health.options().withPercona(availableWhenDonor, availableWhenReadOnly));
        return e.httpStatus() + " " + e.state() + " " + e.rule() + " " + e.reason();
    }
}

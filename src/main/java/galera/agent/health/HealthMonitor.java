package galera.agent.health;

import galera.agent.node.NodeStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Joins the cached snapshot, the operator's admin state, the maintenance file and the clock into the pure
 * {@link Availability} verdict.
 */
public final class HealthMonitor {
    private final Supplier<NodeStatus> status;
    private final Path maintenanceFile;
    private final HealthOptions options;
    private final LongSupplier clockMs;
    private final AdminStateStore store;
    private volatile AdminState admin;

    public HealthMonitor(Supplier<NodeStatus> status, Path maintenanceFile, HealthOptions options, LongSupplier clockMs,
                         AdminStateStore store) {
        this.status = status;
        this.maintenanceFile = maintenanceFile;
        this.options = options;
        this.clockMs = clockMs;
        this.store = store;
        this.admin = store.load();
    }

    public HealthVerdict verdict() {
        return verdict(status.get(), options);
    }

    /** The verdict of one given snapshot, for callers that also report from it (so both say the same). */
    public HealthVerdict verdict(NodeStatus s) {
        return verdict(s, options);
    }

    /** The verdict under other options: what Percona's clustercheck would say with its own switches. */
    public HealthVerdict verdict(HealthOptions with) {
        return verdict(status.get(), with);
    }

    private HealthVerdict verdict(NodeStatus s, HealthOptions with) {
        return Availability.evaluate(s, admin, maintenanceFilePresent(), clockMs.getAsLong(), with);
    }

    public NodeStatus status() { return status.get(); }

    public HealthOptions options() { return options; }

    public AdminState admin() { return admin; }

    public boolean maintenanceFilePresent() { return Files.exists(maintenanceFile); }

    /** Sets and persists the admin state; the old state stays if it cannot be persisted. */
    public synchronized AdminState setAdmin(AdminState.Mode mode, String reason, String by) throws IOException {
        AdminState next = new AdminState(mode, reason, by, clockMs.getAsLong());
        store.save(next);
        AdminState prev = admin;
        admin = next;
        return prev;
    }
}

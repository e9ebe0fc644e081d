package galera.agent.health;

import galera.agent.node.NodeStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Joins the cached snapshot, the maintenance file and the clock into the pure {@link Availability} verdict. */
public final class HealthMonitor {
    private final Supplier<NodeStatus> status;
    private final Path maintenanceFile;
    private final HealthOptions options;
    private final LongSupplier clockMs;

    public HealthMonitor(Supplier<NodeStatus> status, Path maintenanceFile, HealthOptions options, LongSupplier clockMs) {
        this.status = status;
        this.maintenanceFile = maintenanceFile;
        this.options = options;
        this.clockMs = clockMs;
    }

    public HealthVerdict verdict() {
        return Availability.evaluate(status.get(), Files.exists(maintenanceFile), clockMs.getAsLong(), options);
    }

    public NodeStatus status() { return status.get(); }
}

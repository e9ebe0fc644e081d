package galera.agent.node;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Polls the {@link StatusSource} every {@code pollIntervalMs} on one daemon thread and publishes the newest
 * {@link NodeStatus}. Fixed delay, not fixed rate: a slow poll (database down, connect timeout) never piles
 * up behind itself.
 */
public final class StatusPoller implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(StatusPoller.class);

    private final StatusSource source;
    private final long intervalMs;
    private final AtomicReference<NodeStatus> latest = new AtomicReference<>(NodeStatus.notYetPolled());
    private final List<BiConsumer<NodeStatus, NodeStatus>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong polls = new AtomicLong();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-poller");
        t.setDaemon(true);
        return t;
    });

    public StatusPoller(StatusSource source, long intervalMs) {
        this.source = Objects.requireNonNull(source);
        this.intervalMs = intervalMs;
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::pollOnce, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Takes one snapshot now and publishes it. Public so tests and the start-up path can poll synchronously. */
    public NodeStatus pollOnce() {
        NodeStatus next;
        try {
            next = source.read();
        } catch (RuntimeException e) {
            // A bug in reading must not kill the poller thread: report it as the node's state instead.
            next = NodeStatus.unreachable("status read failed: " + e, System.currentTimeMillis(), 0);
            LOG.error("status read failed", e);
        }
        NodeStatus previous = latest.getAndSet(next);
        polls.incrementAndGet();
        logTransition(previous, next);
        for (BiConsumer<NodeStatus, NodeStatus> l : listeners) {
            try {
                l.accept(previous, next);
            } catch (RuntimeException e) {
                LOG.error("status listener failed", e);
            }
        }
        return next;
    }

    private static void logTransition(NodeStatus prev, NodeStatus next) {
        if (prev.reachable() != next.reachable()) {
            if (next.reachable()) {
                LOG.info("mariadbd reachable again: state {} ({}), cluster {}", next.localStateComment(),
                        next.localState(), next.clusterStatus());
            } else {
                LOG.warn("mariadbd not reachable: {}", next.error());
            }
        } else if (next.reachable() && (!prev.localStateComment().equals(next.localStateComment())
                || !prev.clusterStatus().equals(next.clusterStatus()))) {
            LOG.info("wsrep state {} -> {}, cluster status {} -> {}", prev.localStateComment(),
                    next.localStateComment(), prev.clusterStatus(), next.clusterStatus());
        }
    }

    public NodeStatus latest() { return latest.get(); }

    public long pollCount() { return polls.get(); }

    public long intervalMs() { return intervalMs; }

    /** Called after every poll with the previous snapshot and the new one, so listeners can see what changed. */
    public void addListener(BiConsumer<NodeStatus, NodeStatus> listener) { listeners.add(listener); }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}

package galera.agent.election;

/**
 * How long to wait for positions and how many are enough.
 *
 * <p>The upstream heartbeat/galera agent waits for every node forever (ClusterLabs/resource-agents
 * #1009); Fuel's mysql-wss elects at once among whoever has published. A window bounds the wait, and a
 * quorum of <em>reporting</em> nodes bounds the risk: with a majority of the positions known, the
 * highest one is at least as new as anything a majority ever committed.
 *
 * @param windowMs how long after the election began to wait for missing nodes
 * @param quorum the minimum number of reporting nodes needed to elect once the window has ended
 * @param configuredNodes the number of configured nodes, to check {@code quorum} against
 */
public record Policy(long windowMs, int quorum, int configuredNodes) {

    public static final long DEFAULT_WINDOW_MS = 90_000;

    public Policy {
        if (configuredNodes < 1) {
            throw new IllegalArgumentException("configuredNodes is " + configuredNodes
                    + ": configure at least one Galera node");
        }
        if (windowMs <= 0) {
            throw new IllegalArgumentException("election windowMs is " + windowMs
                    + ": it must be > 0 (default " + DEFAULT_WINDOW_MS + " ms)");
        }
        if (quorum < 1 || quorum > configuredNodes) {
            throw new IllegalArgumentException("election quorum is " + quorum + " but must be between 1 and "
                    + configuredNodes + " (the configured nodes); the default is a majority, "
                    + (configuredNodes / 2 + 1));
        }
    }

    /** 90 s window, quorum = a majority of the configured nodes (n/2+1). */
    public static Policy defaults(int configuredNodes) {
        if (configuredNodes < 1) {
            throw new IllegalArgumentException("configuredNodes is " + configuredNodes
                    + ": configure at least one Galera node");
        }
        return new Policy(DEFAULT_WINDOW_MS, configuredNodes / 2 + 1, configuredNodes);
    }

    public Policy withWindowMs(long newWindowMs) {
        return new Policy(newWindowMs, quorum, configuredNodes);
    }

    public Policy withQuorum(int newQuorum) {
        return new Policy(windowMs, newQuorum, configuredNodes);
    }
}

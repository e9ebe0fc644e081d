package galera.agent.election;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one node knows when it evaluates the election. Every node evaluates on its own, at its own
 * monitor, with its own clock; the rules only use this record, so the same input gives the same answer
 * on every node.
 *
 * @param configuredNodes the Galera nodes in their configured order (wsrep_cluster_address order); this
 *        order is the final tie-break, so every node must use the same list
 * @param reports the reports visible to this node, keyed by node name; the map's iteration order is
 *        never used
 * @param partitionQuorate Pacemaker's quorum flag for this node's partition ({@code crm_node -q})
 * @param primaryComponentAt a node that is part of a running Primary Component anywhere, if any (or the
 *        node named by an election record that is already written)
 * @param windowStartMs when this outage's election began (written once, shared by all nodes)
 * @param nowMs this node's clock; the only notion of time the rules get
 */
public record ElectionInput(List<String> configuredNodes, Map<String, NodeReport> reports,
        boolean partitionQuorate, Optional<String> primaryComponentAt, long windowStartMs, long nowMs,
        Policy policy) {

    public ElectionInput {
        Objects.requireNonNull(configuredNodes, "configuredNodes");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(primaryComponentAt, "primaryComponentAt");
        Objects.requireNonNull(policy, "policy");
        configuredNodes = List.copyOf(configuredNodes);
        reports = Map.copyOf(reports);
        if (configuredNodes.isEmpty()) {
            throw new IllegalArgumentException("no configured nodes");
        }
        Set<String> seen = new HashSet<>();
        for (String node : configuredNodes) {
            if (node.isBlank() || !seen.add(node)) {
                throw new IllegalArgumentException("configured nodes " + configuredNodes
                        + " contain a blank or duplicate name '" + node + "'");
            }
        }
        if (policy.configuredNodes() != configuredNodes.size()) {
            throw new IllegalArgumentException("policy was made for " + policy.configuredNodes()
                    + " nodes but " + configuredNodes.size() + " are configured: " + configuredNodes);
        }
        for (Map.Entry<String, NodeReport> e : reports.entrySet()) {
            if (!seen.contains(e.getKey())) {
                throw new IllegalArgumentException("report from '" + e.getKey()
                        + "', which is not a configured node " + configuredNodes);
            }
            if (!e.getKey().equals(e.getValue().node())) {
                throw new IllegalArgumentException("report keyed '" + e.getKey() + "' is from node '"
                        + e.getValue().node() + "'");
            }
        }
    }

    /** The end of the window; saturates instead of overflowing for huge windows. */
    public long windowEndMs() {
        long end = windowStartMs + policy.windowMs();
        return end < windowStartMs ? Long.MAX_VALUE : end;
    }

    /** Configured nodes that have not reported, in configured order. */
    public List<String> missing() {
        return configuredNodes.stream().filter(n -> !reports.containsKey(n)).toList();
    }

    /** Reports in configured order: the only order in which the rules look at reports. */
    public List<NodeReport> reportsInConfiguredOrder() {
        return configuredNodes.stream().filter(reports::containsKey).map(reports::get).toList();
    }
}

package galera.agent.pacemaker;

import java.util.List;
import java.util.Map;

/**
 * What this node's Pacemaker says right now: who we are, whether our partition has quorum, who is in it,
 * and every node's value of our transient attribute.
 *
 * @param self       this node's Pacemaker name ({@code crm_node -n})
 * @param quorate    {@code crm_node -q}: this partition has quorum (false when the snapshot did not ask)
 * @param partition  {@code crm_node -p}: the members of this partition
 * @param attributes node name → value of the agent's attribute, for nodes that published one
 */
public record ClusterView(String self, boolean quorate, List<String> partition, Map<String, String> attributes) {
    public ClusterView {
        partition = List.copyOf(partition);
        attributes = Map.copyOf(attributes);
    }
}

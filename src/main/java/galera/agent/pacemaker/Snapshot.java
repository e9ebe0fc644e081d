package galera.agent.pacemaker;

import java.util.Map;
import java.util.Optional;

/**
 * Everything one recovery tick reads from Pacemaker, taken together: the view (quorum, membership, every
 * node's position attribute), the agent's property sets, and every node's promotion score.
 *
 * @param view   quorum, membership and the agent's attribute
 * @param sets   property set id → the value of its one nvpair the caller asked for; absent sets are left out
 * @param scores node → promotion score of the resource, for nodes that have one
 */
public record Snapshot(ClusterView view, Map<String, String> sets, Map<String, Integer> scores) {
    public Snapshot {
        sets = Map.copyOf(sets);
        scores = Map.copyOf(scores);
    }

    public Optional<Integer> scoreOf(String node) {
        return Optional.ofNullable(scores.get(node));
    }
}

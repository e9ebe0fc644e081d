package galera.agent.pacemaker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's only door to Pacemaker. Pacemaker owns membership and quorum; the agent shares its position
 * through a transient node attribute (deleted when the node leaves, so it is re-published after every join)
 * and records the one bootstrap decision with a create-only CIB write.
 */
public interface Pacemaker {
    /**
     * One tick's reads, in as few tool runs as the implementation allows (the command-line one: two): membership,
     * quorum and every node's value of {@code attribute}; for each {@code setId -> name}, the value of that
     * property (absent sets left out); and, when {@code resource} is given, every node's promotion score of it.
     *
     * @param askQuorum whether to ask for quorum at all; when not, {@link ClusterView#quorate()} is false and
     *        means nothing (a tick while mariadbd runs never elects, and saves the command-line one a tool run)
     */
    Snapshot snapshot(String attribute, Map<String, String> nameBySetId, String resource, boolean askQuorum)
            throws PacemakerException;

    /**
     * Whether a stop ordered now comes from Pacemaker's own quorum rule: this node's partition has no quorum and
     * {@code no-quorum-policy} is {@code stop} (or unset: Pacemaker's default). An exception when Pacemaker gives
     * no definite answer.
     */
    boolean stopIsForQuorumLoss() throws PacemakerException;

    /**
     * Why this node should not take {@code resource} back by itself after a stop for quorum loss, or empty when
     * nothing speaks against it: no quorum, the node in standby or maintenance, the resource disabled, unmanaged
     * or banned from the node, or a constraint the agent does not evaluate. An exception when Pacemaker gives no
     * definite answer.
     */
    Optional<String> whyNotResume(String resource) throws PacemakerException;

    /** Sets this node's transient ({@code -l reboot}) attribute. */
    void publish(String attribute, String value) throws PacemakerException;

    /** Removes this node's transient attribute. */
    void withdraw(String attribute) throws PacemakerException;

    /**
     * Writes {@code name=value} into a new crm_config property set {@code setId}, only if the set does not
     * exist yet. The CIB applies updates in one order on every node, so of several agents racing to record a
     * decision exactly one succeeds ({@code cib_create} fails with "File exists" for the others).
     *
     * @return true if this call created it, false if it already existed
     */
    boolean createOnce(String setId, String name, String value) throws PacemakerException;

    /** The value in property set {@code setId}, if the set exists. */
    Optional<String> readOnce(String setId, String name) throws PacemakerException;

    /**
     * For each {@code setId -> name}, the value of nvpair {@code name} in property set {@code setId}, if the set
     * exists; absent sets are left out. One read where the implementation allows it (each tick reads two sets).
     */
    default Map<String, String> readEach(Map<String, String> nameBySetId) throws PacemakerException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : nameBySetId.entrySet()) {
            Optional<String> v = readOnce(e.getKey(), e.getValue());
            if (v.isPresent()) {
                values.put(e.getKey(), v.get());
            }
        }
        return values;
    }

    /** Deletes property set {@code setId}; no error if it is already gone. */
    void deleteOnce(String setId) throws PacemakerException;

    /** The promotion score of {@code resource} on {@code node}, if one is set. */
    Optional<Integer> promotionScoreOf(String resource, String node) throws PacemakerException;

    /** Sets (or with score < 0, removes) the promotion score of {@code resource} on {@code node}. */
    void promotionScore(String resource, String node, int score) throws PacemakerException;

    /**
     * Sets several nodes' promotion scores of {@code resource} as close together as the implementation can, in
     * the map's order, so that Pacemaker's scheduler sees them in one transition rather than one per score.
     * Every score is attempted; the first failure is thrown afterwards.
     */
    default void promotionScores(String resource, Map<String, Integer> scoreByNode) throws PacemakerException {
        PacemakerException first = null;
        for (Map.Entry<String, Integer> e : scoreByNode.entrySet()) {
            try {
                promotionScore(resource, e.getKey(), e.getValue());
            } catch (PacemakerException ex) {
                first = first == null ? ex : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

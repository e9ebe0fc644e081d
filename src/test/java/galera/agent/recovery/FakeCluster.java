package galera.agent.recovery;

import galera.agent.pacemaker.ClusterView;
import galera.agent.pacemaker.Pacemaker;
import galera.agent.pacemaker.PacemakerException;
import galera.agent.pacemaker.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory stand-in for one Pacemaker cluster, shared by several agents' {@link Recovery}: transient
 * attributes, crm_config properties, create-only property sets (the real CIB's "File exists") and promotion
 * scores. Quorum and partitions are set by the test. It only replaces the command-line boundary; the lab
 * tests run the same code against real Pacemaker.
 */
final class FakeCluster {
    final Map<String, String> attributes = new HashMap<>();
    final Map<String, String> sets = new HashMap<>();
    final Map<String, Integer> scores = new HashMap<>();
    final List<String> creates = new ArrayList<>();
    /** Every score write, by whom: "node2 {node2=1000, node1=100}" (one {@link Pacemaker#promotionScores} call). */
    final List<String> scoreBatches = new ArrayList<>();
    List<String> partition = new ArrayList<>();
    boolean quorate = true;
    /** How many ticks' reads ({@link Pacemaker#snapshot}) were made. */
    volatile int snapshots;
    /** How many times {@link Pacemaker#whyNotResume} was asked. */
    volatile int resumeChecks;
    /** How many of those reads asked for quorum. */
    volatile int quorumAsks;
    /** Every position write, in order: "node1 pos=...;state=PRIMARY". */
    final List<String> publishes = new ArrayList<>();
    /** Quorum questions get no answer, as while the controller is not up. */
    boolean quorumUnanswered;
    String noQuorumPolicy = "stop";
    /** Nodes in standby. */
    final java.util.Set<String> standby = new java.util.HashSet<>();
    /** Score reads answer "none", as a read made a moment before another agent's score write reached the CIB. */
    boolean scoreReadsLag;
    /** Run once, right after the named node's next publish: another agent acting in the middle of its tick. */
    final Map<String, Runnable> afterPublish = new HashMap<>();
    /** Run once, right after the named node's next deleteOnce: another agent acting between a delete and a create. */
    final Map<String, Runnable> afterDelete = new HashMap<>();

    Pacemaker as(String self) {
        return new Pacemaker() {
            @Override
            public Snapshot snapshot(String attribute, Map<String, String> nameBySetId, String resource, boolean askQuorum) {
                snapshots++;
                if (askQuorum) {
                    quorumAsks++;
                }
                Map<String, String> visible = new HashMap<>();
                attributes.forEach((k, v) -> {
                    if (partition.contains(k)) {
                        visible.put(k, v);
                    }
                });
                Map<String, String> read = new HashMap<>();
                nameBySetId.keySet().forEach(id -> Optional.ofNullable(sets.get(id)).ifPresent(v -> read.put(id, v)));
                Map<String, Integer> held = new HashMap<>();
                if (resource != null && !scoreReadsLag) {
                    scores.forEach((node, score) -> {
                        if (partition.contains(node)) {
                            held.put(node, score);
                        }
                    });
                }
                return new Snapshot(new ClusterView(self, askQuorum && quorate && partition.contains(self), partition, visible),
                        read, held);
            }

            private void answer() throws PacemakerException {
                if (quorumUnanswered) {
                    throw new PacemakerException("crm_node -q gave no answer (exit 102): Could not connect to controller");
                }
            }

            @Override
            public boolean stopIsForQuorumLoss() throws PacemakerException {
                answer();
                return !(quorate && partition.contains(self)) && noQuorumPolicy.equals("stop");
            }

            @Override
            public java.util.Optional<String> whyNotResume(String resource) throws PacemakerException {
                resumeChecks++;
                answer();
                if (!(quorate && partition.contains(self))) {
                    return java.util.Optional.of("no quorum");
                }
                return standby.contains(self) ? java.util.Optional.of("node " + self + " is in standby") : java.util.Optional.empty();
            }

            @Override
            public void publish(String attribute, String value) {
                attributes.put(self, value);
                publishes.add(self + " " + value);
                Runnable then = afterPublish.remove(self);
                if (then != null) {
                    then.run();
                }
            }
            @Override public void withdraw(String attribute) { attributes.remove(self); }

            @Override
            public boolean createOnce(String setId, String name, String value) {
                if (sets.containsKey(setId)) {
                    return false;
                }
                sets.put(setId, value);
                creates.add(self + ":" + value);
                return true;
            }

            @Override public Optional<String> readOnce(String setId, String name) { return Optional.ofNullable(sets.get(setId)); }
            @Override
            public void deleteOnce(String setId) {
                sets.remove(setId);
                Runnable then = afterDelete.remove(self);
                if (then != null) {
                    then.run();
                }
            }

            @Override
            public Optional<Integer> promotionScoreOf(String resource, String node) {
                return scoreReadsLag ? Optional.empty() : Optional.ofNullable(scores.get(node));
            }

            private boolean inBatch;

            @Override
            public void promotionScores(String resource, Map<String, Integer> scoreByNode) throws PacemakerException {
                scoreBatches.add(self + " " + scoreByNode);
                inBatch = true;
                try {
                    Pacemaker.super.promotionScores(resource, scoreByNode);
                } finally {
                    inBatch = false;
                }
            }

            @Override
            public void promotionScore(String resource, String node, int score) throws PacemakerException {
                if (!inBatch) {
                    scoreBatches.add(self + " {" + node + "=" + score + "}");
                }
                if (score < 0) {
                    scores.remove(node);
                } else {
                    scores.put(node, score);
                }
            }
        };
    }
}

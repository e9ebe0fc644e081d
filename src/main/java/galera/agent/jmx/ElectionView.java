package galera.agent.jmx;

import galera.agent.recovery.BootstrapRecord;
import galera.agent.recovery.Recovery;
import galera.agent.recovery.RecoveryActions;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Election MBean over {@link Recovery} and {@link RecoveryActions}. */
public final class ElectionView implements ElectionMXBean {
    private final Recovery recovery;
    private final RecoveryActions actions;

    public ElectionView(Recovery recovery, RecoveryActions actions) {
        this.recovery = recovery;
        this.actions = actions;
    }

    /**
     * Has {@code election} send an AttributeChangeNotification for every phase change and every new decision: Phase,
     * and Decision and DecisionReason (a new decision of the same kind, another winner or other missing nodes,
     * changes DecisionReason only). Not for the window's countdown.
     */
    public static void sendNotifications(Recovery recovery, DescribedMBean<ElectionMXBean> election) {
        recovery.addListener((from, to, why, at) ->
                election.attributeChanged("Phase", String.class, from.name(), to.name(), at));
        recovery.addDecisionListener((from, to, at) -> {
            election.attributeChanged("Decision", String.class, from == null ? "" : Recovery.kind(from),
                    Recovery.kind(to), at);
            election.attributeChanged("DecisionReason", String.class, from == null ? "" : from.reason(), to.reason(), at);
        });
    }

    @Override public String getPhase() { return recovery.phase().name(); }
    @Override public String getPhaseReason() { return recovery.reason(); }
    @Override public long getWindowRemainingMs() { return recovery.windowRemainingMs(); }

    @Override
    public String getDecision() {
        return recovery.decision().map(Recovery::kind).orElse("");
    }

    @Override
    public String getDecisionReason() { return recovery.decision().map(d -> d.reason()).orElse(""); }

    @Override
    public String getBootstrapRecord() { return recovery.record().map(BootstrapRecord::encode).orElse(""); }

    @Override
    public Map<String, String> getPeers() {
        Map<String, String> m = new TreeMap<>();
        recovery.peers().forEach((node, p) -> m.put(node, p.encode()));
        return m;
    }

    @Override
    public List<PeerRow> getPeersTable() {
        long now = recovery.nowMs();
        return new TreeMap<>(recovery.peers()).entrySet().stream().map(e -> PeerRow.of(e.getKey(), e.getValue(), now)).toList();
    }

    @Override public List<String> getHistory() { return recovery.history(); }
    @Override public List<String> getClusterNodes() { return recovery.settings().clusterNodes(); }
    @Override public boolean isManaged() { return recovery.managedState().managed(); }
    @Override public int getOcfStatus() { return actions.ocfStatus(); }
    @Override public String prepare(String resource) { return actions.prepare(resource); }
    @Override public int monitor(String resource) { return actions.monitor(resource); }
    @Override public int probe(String resource) { return actions.probe(resource); }
    @Override public String promote() { return actions.promote(); }
    @Override public String demote() { return actions.demote(); }
    @Override public String release() { return actions.release(); }
    @Override public String bootstrap() { return actions.bootstrap(); }
    @Override public String join() { return actions.join(); }
    @Override public String forceBootstrap(String confirmNodeName) { return actions.forceBootstrap(confirmNodeName); }
    @Override public String discardStaleState(String confirmNodeName) { return actions.discardStaleState(confirmNodeName); }
    @Override public String planRecovery() { return actions.planRecovery(); }
}

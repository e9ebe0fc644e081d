package galera.agent;

import galera.agent.node.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which changes of the local server make the recovery tick at once instead of at its next tick. */
class AgentTickTriggerTest {
    private static NodeStatus up(String cluster, int state, String comment) {
        return new NodeStatus(true, "", 1, 1, Map.of("wsrep_cluster_status", cluster,
                "wsrep_local_state", Integer.toString(state), "wsrep_local_state_comment", comment), Map.of());
    }

    @Test
    void aDonorsStepsAreNotWorthATickButPrimaryAndReachabilityAre() {
        NodeStatus synced = up("Primary", 4, "Synced");
        // A donor serving a joiner: Synced -> Donor/Desynced -> Joined -> Synced, all in the Primary Component.
        assertFalse(Agent.changesWhatIsPublished(synced, up("Primary", 2, "Donor/Desynced")));
        assertFalse(Agent.changesWhatIsPublished(up("Primary", 2, "Donor/Desynced"), up("Primary", 3, "Joined")));
        assertFalse(Agent.changesWhatIsPublished(up("Primary", 3, "Joined"), synced));
        // What the others wait for: this node in the Primary Component, or gone from it.
        assertTrue(Agent.changesWhatIsPublished(up("non-Primary", 0, "Initialized"), synced));
        assertTrue(Agent.changesWhatIsPublished(synced, up("non-Primary", 0, "Initialized")));
        assertTrue(Agent.changesWhatIsPublished(NodeStatus.unreachable("refused", 1, 1), synced));
        assertTrue(Agent.changesWhatIsPublished(synced, NodeStatus.unreachable("refused", 1, 1)));
    }
}

package galera.agent.recovery;

import galera.agent.election.NodeReport;
import galera.agent.election.Position;
import galera.agent.pacemaker.PeerState;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryActionsTest {
    static final String H1 = "288dc8ea-e92d-11f1-8b2c-e31eca61dbd9";
    static final String H2 = "75cb6748-e92d-11f1-8933-b331f842d1da";

    static PeerState stopped(String node, String pos) {
        return new PeerState(NodeReport.of(node, Position.parse(pos), 1), PeerState.RunState.STOPPED);
    }

    @Test
    void forceBootstrapNamesWhatIsLost() {
        Map<String, PeerState> peers = new LinkedHashMap<>();
        peers.put("node1", stopped("node1", H1 + ":100"));
        peers.put("node2", stopped("node2", H1 + ":130"));
        peers.put("node3", stopped("node3", H2 + ":7"));
        String loss = RecoveryActions.lossIfBootstrapping(Position.parse(H1 + ":100"), peers);
        assertTrue(loss.startsWith("WHAT WILL BE LOST"), loss);
        assertTrue(loss.contains("node2 is ahead at " + H1 + ":130: 30 transactions (seqno 101..130)"), loss);
        assertTrue(loss.contains("node3 has another history"), loss);
    }

    @Test
    void nothingLostWhenThisNodeIsTheBest() {
        Map<String, PeerState> peers = Map.of("node1", stopped("node1", H1 + ":100"), "node2", stopped("node2", H1 + ":90"));
        assertEquals("No known node is ahead of this one: nothing is lost.",
                RecoveryActions.lossIfBootstrapping(Position.parse(H1 + ":100"), peers));
    }

    @Test
    void bootstrapRecordRoundTrips() {
        BootstrapRecord r = new BootstrapRecord("node2", Position.parse(H1 + ":130"), 1795651632000L, true, "node1");
        assertEquals("node2|" + H1 + ":130|1795651632000|forced|node1", r.encode());
        assertEquals(r, BootstrapRecord.decode(r.encode()).orElseThrow());
        assertTrue(BootstrapRecord.decode("node2|nonsense|1|elected|x").isEmpty());
        assertTrue(BootstrapRecord.decode("too|few").isEmpty());
    }
}

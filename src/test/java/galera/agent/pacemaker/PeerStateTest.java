package galera.agent.pacemaker;

import galera.agent.election.NodeReport;
import galera.agent.election.Position;
import galera.agent.election.Unfitness;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerStateTest {
    @Test
    void roundTrips() {
        PeerState s = new PeerState(new NodeReport("node2", Position.parse("288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:3134"),
                true, Set.of(Unfitness.PARTIAL_SST), 1795651632000L), PeerState.RunState.STOPPED);
        String wire = s.encode();
        assertEquals("pos=288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:3134;safe=1;unfit=PARTIAL_SST;at=1795651632000;state=STOPPED", wire);
        assertEquals(s, PeerState.decode("node2", wire).orElseThrow());
    }

    @Test
    void derivedUnfitnessIsNotSentButComesBack() {
        PeerState s = new PeerState(new NodeReport("node1", new Position(Position.ZERO_UUID, -1), false, Set.of(), 5),
                PeerState.RunState.STOPPED);
        assertEquals("pos=00000000-0000-0000-0000-000000000000:-1;safe=0;unfit=;at=5;state=STOPPED", s.encode());
        assertEquals(Set.of(Unfitness.ZERO_UUID, Unfitness.UNKNOWN_SEQNO), PeerState.decode("node1", s.encode()).orElseThrow().report().unfit());
    }

    @Test
    void malformedValuesAreIgnored() {
        for (String bad : new String[]{"", "hello", "pos=x:1;safe=0;unfit=;at=1;state=STOPPED",
                "pos=288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:1;safe=0;unfit=NOPE;at=1;state=STOPPED",
                "pos=288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:1;safe=0;unfit=;at=soon;state=STOPPED",
                "pos=288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:1;safe=0;unfit=;at=1;state=DANCING"}) {
            assertTrue(PeerState.decode("n", bad).isEmpty(), bad);
        }
    }

    @Test
    void parsesAttrdUpdaterOutput() {
        String out = "name=\"galera-agent\" host=\"node1\" value=\"pos=a:1\"\nname=\"galera-agent\" host=\"node2\" value=\"\"\n"
                + "name=\"other\" host=\"node3\" value=\"x\"\n";
        assertEquals(java.util.Map.of("node1", "pos=a:1"), PacemakerCli.parseAttributes(out, "galera-agent"));
    }
}

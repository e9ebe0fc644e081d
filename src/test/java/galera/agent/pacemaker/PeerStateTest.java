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

    /** cibadmin's answers as Pacemaker 2.1.5 prints them on the lab: one set alone, several in xpath-query. */
    @Test
    void parsesOneCibadminQueryForSeveralPropertySets() {
        var wanted = new java.util.LinkedHashMap<String, String>();
        wanted.put("galera-agent-epoch", "epoch");
        wanted.put("galera-agent-election", "bootstrap");
        String one = "<cluster_property_set id=\"galera-agent-epoch\">\n"
                + "  <nvpair id=\"galera-agent-epoch-epoch\" name=\"epoch\" value=\"4aab04cd:1713|1795672572267|node3\"/>\n"
                + "</cluster_property_set>";
        assertEquals(java.util.Map.of("galera-agent-epoch", "4aab04cd:1713|1795672572267|node3"),
                PacemakerCli.parseSets(one, wanted));

        String both = "<xpath-query>\n"
                + "  <cluster_property_set id=\"cib-bootstrap-options\">\n"
                + "    <nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" value=\"false\"/>\n"
                + "  </cluster_property_set>\n"
                + "  <cluster_property_set id=\"galera-agent-election\">\n"
                + "    <nvpair id=\"galera-agent-election-other\" name=\"other\" value=\"ignored\"/>\n"
                + "    <nvpair id=\"galera-agent-election-bootstrap\" name=\"bootstrap\" value=\"node2|a&amp;b&quot;|1\"/>\n"
                + "  </cluster_property_set>\n"
                + "  <cluster_property_set id=\"galera-agent-epoch\">\n"
                + "    <nvpair id=\"galera-agent-epoch-epoch\" name=\"epoch\" value=\"e\"/>\n"
                + "  </cluster_property_set>\n"
                + "</xpath-query>";
        assertEquals(java.util.Map.of("galera-agent-election", "node2|a&b\"|1", "galera-agent-epoch", "e"),
                PacemakerCli.parseSets(both, wanted));
        assertEquals(java.util.Map.of(), PacemakerCli.parseSets("", wanted));
    }
}

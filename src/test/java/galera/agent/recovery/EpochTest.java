package galera.agent.recovery;

import galera.agent.election.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochTest {
    static final String H = "f8587ac3-e931-11f1-b79b-1f598494ddc0";
    static final Epoch E = new Epoch(Position.parse(H + ":387"), 1795653857000L, "node2");

    @Test
    void aNodeMissingAtTheBootstrapWithMoreTransactionsHasDiverged() {
        // Even when the running cluster has since gone past 420, seqnos 388..420 on this node are other data.
        assertTrue(E.divergedFrom(Position.parse(H + ":420"), Optional.empty()));
        assertEquals("this node was not in the Primary Component bootstrapped by node2 from " + H
                + ":387; its transactions 388..420 (33) are not in the running history", E.describeDivergence(Position.parse(H + ":420")));
    }

    @Test
    void membersOfTheEpochAndNodesBehindItHaveNot() {
        assertFalse(E.divergedFrom(Position.parse(H + ":900"), Optional.of(E)), "a member that kept going");
        assertFalse(E.divergedFrom(Position.parse(H + ":387"), Optional.empty()), "exactly at the bootstrap point");
        assertFalse(E.divergedFrom(Position.parse(H + ":100"), Optional.empty()), "behind: its history is a prefix");
        assertFalse(E.divergedFrom(Position.parse("75cb6748-e92d-11f1-8933-b331f842d1da:999"), Optional.empty()),
                "another history is the seqno-independent SST case");
        assertFalse(E.divergedFrom(Position.parse(H + ":-1"), Optional.empty()), "unknown seqno: recover first");
    }

    @Test
    void anOlderEpochDoesNotProtect() {
        Epoch older = new Epoch(Position.parse(H + ":146"), 1795653700000L, "node2");
        assertTrue(E.divergedFrom(Position.parse(H + ":400"), Optional.of(older)));
    }

    @Test
    void roundTripsThroughTheCibAndTheStateFile(@TempDir Path dir) throws Exception {
        assertEquals(E, Epoch.decode(E.encode()).orElseThrow());
        assertTrue(Epoch.decode("garbage").isEmpty());
        E.store(dir.resolve("epoch"));
        assertEquals(Optional.of(E), Epoch.load(dir.resolve("epoch")));
        assertTrue(Epoch.load(dir.resolve("none")).isEmpty());
    }
}

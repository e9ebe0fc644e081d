package galera.agent.election;

import static galera.agent.election.Fixtures.A;
import static galera.agent.election.Fixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of the input records: impossible values fail early with a message an operator can act on. */
class ModelTest {

    @ParameterizedTest(name = "{0} nodes -> quorum {1}")
    @CsvSource({"1,1", "2,2", "3,2", "4,3", "5,3", "6,4", "7,4"})
    void defaultQuorumIsAMajority(int nodes, int quorum) {
        Policy p = Policy.defaults(nodes);
        assertEquals(quorum, p.quorum());
        assertEquals(90_000, p.windowMs());
    }

    @ParameterizedTest(name = "window {0}, quorum {1}, nodes {2}: {3}")
    @CsvSource({"0,2,3,windowMs is 0", "-5,2,3,must be > 0", "90000,0,3,between 1 and 3",
                "90000,4,3,between 1 and 3", "90000,1,0,at least one"})
    void policyRejects(long window, int quorum, int nodes, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Policy(window, quorum, nodes));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void positionParsesNumbersAndNormalisesCase() {
        Position p = Position.parse(A.toUpperCase() + ":1000");
        assertEquals(new Position(A, 1000), p);
        assertEquals(A + ":1000", p.toString());
        assertTrue(p.sameHistory(Position.parse(A + ":999")));
        assertFalse(new Position(Position.ZERO_UUID, 5).sameHistory(new Position(Position.ZERO_UUID, 5)));
    }

    @Test
    void positionRejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> Position.parse(A));
        assertThrows(IllegalArgumentException.class, () -> Position.parse(A + ":12x"));
        assertThrows(IllegalArgumentException.class, () -> Position.parse("not-a-uuid:12"));
        assertThrows(IllegalArgumentException.class, () -> new Position(A, -2));
    }

    @Test
    void zeroUuidAndUnknownSeqnoAreAlwaysUnfit() {
        assertEquals(Set.of(Unfitness.ZERO_UUID, Unfitness.UNKNOWN_SEQNO),
                NodeReport.of("n1", new Position(Position.ZERO_UUID, -1), 0).unfit());
        assertTrue(NodeReport.of("n1", new Position(A, 0), 0).fit());
    }

    @Test
    void inputRejectsReportsFromUnconfiguredNodesAndPolicyMismatch() {
        Policy p3 = Policy.defaults(3);
        List<String> nodes = List.of("n1", "n2", "n3");
        IllegalArgumentException stranger = assertThrows(IllegalArgumentException.class, () -> new ElectionInput(
                nodes, Map.of("n9", report("n9", A, 1)), true, Optional.empty(), 0, 0, p3));
        assertTrue(stranger.getMessage().contains("n9"), stranger.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ElectionInput(
                nodes, Map.of("n1", report("n2", A, 1)), true, Optional.empty(), 0, 0, p3));
        assertThrows(IllegalArgumentException.class, () -> new ElectionInput(
                List.of("n1", "n1", "n2"), Map.of(), true, Optional.empty(), 0, 0, p3));
        assertThrows(IllegalArgumentException.class, () -> new ElectionInput(
                nodes, Map.of(), true, Optional.empty(), 0, 0, Policy.defaults(2)));
    }

    @Test
    void hugeWindowSaturatesInsteadOfOverflowing() {
        ElectionInput in = new ElectionInput(List.of("n1", "n2"), Map.of(), true, Optional.empty(), 10,
                20, new Policy(Long.MAX_VALUE, 1, 2));
        assertEquals(Long.MAX_VALUE, in.windowEndMs());
        Decision.Wait w = (Decision.Wait) Election.decide(in);
        assertFalse(w.hasDeadline());
    }
}

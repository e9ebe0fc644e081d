package galera.agent.election;

import static galera.agent.election.Fixtures.A;
import static galera.agent.election.Fixtures.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galera.agent.election.JoinAlongside.WinnerProgress;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JoinAlongsideTest {
    private static final Position WINNER = new Position(A, 146);

    @Test
    void waitsUntilTheWinnersAgentHasTakenUpTheDecision() {
        assertEquals(Optional.empty(), JoinAlongside.decide("node2", WINNER, new Position(A, 90), WinnerProgress.NOT_YET));
    }

    @Test
    void startsBehindOrEqualOrFromAnotherHistoryOnceTheWinnerIsUnderway() {
        for (Position mine : new Position[] {new Position(A, 90), new Position(A, 146), new Position(B, 500)}) {
            Optional<Decision.Join> j = JoinAlongside.decide("node2", WINNER, mine, WinnerProgress.BOOTSTRAP_SCORE_SET);
            assertTrue(j.isPresent(), mine.toString());
            assertEquals("node2", j.get().primaryNode());
            assertTrue(j.get().reason().contains("node2 was elected to bootstrap from " + WINNER
                    + " (its bootstrap promotion score is set"), j.get().reason());
        }
        Optional<Decision.Join> started = JoinAlongside.decide("node2", WINNER, new Position(A, 90), WinnerProgress.MARIADBD_STARTED);
        assertTrue(started.orElseThrow().reason().contains("(mariadbd started)"), started.toString());
    }

    @Test
    void neverANodeAheadOfTheWinnerInTheSameHistory() {
        for (WinnerProgress p : WinnerProgress.values()) {
            assertEquals(Optional.empty(), JoinAlongside.decide("node2", WINNER, new Position(A, 147), p), p.name());
        }
    }

    @Test
    void theWinnersAgentStartsOnlyFitNodesOfItsHistoryAtOrBelowIt() {
        assertTrue(JoinAlongside.winnerMayStart(WINNER, NodeReport.of("node1", new Position(A, 90), 0)));
        assertTrue(JoinAlongside.winnerMayStart(WINNER, NodeReport.of("node1", new Position(A, 146), 0)));
        assertTrue(JoinAlongside.winnerMayStart(WINNER, new NodeReport("node1", new Position(A, 90), false,
                Set.of(Unfitness.NOT_STARTED), 0)), "Pacemaker starts and promotes it in one transition");
        assertFalse(JoinAlongside.winnerMayStart(WINNER, new NodeReport("node1", new Position(A, 90), false,
                Set.of(Unfitness.NOT_STARTED, Unfitness.REVERSED_HISTORY), 0)));
        // Left to the node's own agent: ahead (waits for the epoch), another history (discards or holds first),
        // unfit (stale, aborted SST), unknown position.
        assertFalse(JoinAlongside.winnerMayStart(WINNER, NodeReport.of("node1", new Position(A, 147), 0)));
        assertFalse(JoinAlongside.winnerMayStart(WINNER, NodeReport.of("node1", new Position(B, 10), 0)));
        assertFalse(JoinAlongside.winnerMayStart(WINNER, new NodeReport("node1", new Position(A, 90), false,
                Set.of(Unfitness.REVERSED_HISTORY), 0)));
        assertFalse(JoinAlongside.winnerMayStart(WINNER, new NodeReport("node1", new Position(A, 90), false,
                Set.of(Unfitness.ABORTED_SST), 0)));
        assertFalse(JoinAlongside.winnerMayStart(WINNER, NodeReport.of("node1", new Position(Position.ZERO_UUID, 0), 0)));
        assertFalse(JoinAlongside.winnerMayStart(WINNER, NodeReport.of("node1", new Position(A, Position.UNKNOWN_SEQNO), 0)));
    }
}
